@RFC7636 @section-4.1
Feature: The code verifier's syntax (RFC 7636 §4.1)

  # code_verifier = 43*128unreserved. The RFC puts the syntax on the client, with no error
  # code for the server, so a server that still accepts a malformed verifier gets a warning.

  Rule: A code_verifier is 43 to 128 characters of [A-Za-z0-9-._~]
    @7636-4.1-a @SHOULD
    Scenario: a 42-character code_verifier is refused
      Given the public client has an authorization code for a code_verifier that is too short
      When the client exchanges the code
      Then the token endpoint refuses the request

    @7636-4.1-a @SHOULD
    Scenario: a 129-character code_verifier is refused
      Given the public client has an authorization code for a code_verifier that is too long
      When the client exchanges the code
      Then the token endpoint refuses the request

    @7636-4.1-a @SHOULD
    Scenario: a code_verifier with a character outside the allowed set is refused
      Given the public client has an authorization code for a code_verifier with a character outside the allowed set
      When the client exchanges the code
      Then the token endpoint refuses the request
