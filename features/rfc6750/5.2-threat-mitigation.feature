@RFC6750 @section-5.2
Feature: Threat mitigation (RFC 6750 §5.2)

  Rule: Token references are infeasible to guess
    # An estimate from a sample of 20 tokens (see RFC 6749 §10.10); a shortfall is a warning.
    @6750-5.2-c @MUST
    Scenario: access tokens are hard to guess
      Given the server has issued 20 access tokens
      Then the access tokens look like they carry at least 128 bits of entropy
