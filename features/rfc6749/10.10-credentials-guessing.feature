@RFC6749 @section-10.10
Feature: Credentials-guessing attacks (RFC 6749 §10.10)

  # Entropy seen from outside is an estimate: the character positions that vary across a
  # sample of 20 values, and the bits each can carry given the alphabet seen there. A fixed
  # prefix or a counter counts for little. A shortfall is reported as a warning, naming the
  # estimate, even for the MUST: a black-box sample cannot prove a generator predictable.

  Rule: Codes and tokens have a guessing probability of at most 2^-128, better 2^-160
    @6749-10.10-a @6749-10.10-b @MUST
    Scenario: authorization codes are hard to guess
      Given the server has issued 20 authorization codes to the confidential client
      Then the authorization codes look like they carry at least 128 bits of entropy
      And the authorization codes look like they carry at least 160 bits of entropy
