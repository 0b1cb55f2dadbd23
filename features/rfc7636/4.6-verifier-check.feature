@RFC7636 @section-4.6
Feature: The server verifies code_verifier before issuing tokens (RFC 7636 §4.5, §4.6)

  Rule: With S256 a matching verifier is accepted
    @7636-4.6-a @7636-4.2-a @MUST
    Scenario: the right S256 verifier gets tokens
      Given the target supports PKCE method "S256"
      And the public client has an authorization code with PKCE method "S256"
      When the client exchanges the code
      Then the token endpoint issues an access token

  Rule: A verifier that does not match is refused with invalid_grant
    @7636-4.6-c @MUST
    Scenario: a wrong verifier gets invalid_grant
      Given the target supports PKCE method "S256"
      And the public client has an authorization code with PKCE method "S256"
      When the client exchanges the code with a wrong code_verifier
      Then the token endpoint refuses with error "invalid_grant"

  Rule: A code bound to a challenge needs the verifier
    @7636-4.5-a @MUST
    Scenario: a missing verifier is refused
      Given the target supports PKCE method "S256"
      And the public client has an authorization code with PKCE method "S256"
      When the client exchanges the code without a code_verifier
      Then the token endpoint refuses the request

  Rule: With plain the verifier is compared with the challenge directly
    @7636-4.6-b @MUST
    Scenario: the right plain verifier gets tokens
      Given the target supports PKCE method "plain"
      And the public client has an authorization code with PKCE method "plain"
      When the client exchanges the code
      Then the token endpoint issues an access token

    @7636-4.6-b @7636-4.6-c @MUST
    Scenario: a wrong plain verifier gets invalid_grant
      Given the target supports PKCE method "plain"
      And the public client has an authorization code with PKCE method "plain"
      When the client exchanges the code with a wrong code_verifier
      Then the token endpoint refuses with error "invalid_grant"

  Rule: The method bound at authorization time is the one used to verify
    @7636-4.5-b @7636-4.6-c @MUST
    Scenario: an S256 code cannot be redeemed plain-style with the challenge as verifier
      Given the target supports PKCE method "S256"
      And the public client has an authorization code with PKCE method "S256"
      When the client exchanges the code with the code_challenge as code_verifier
      Then the token endpoint refuses with error "invalid_grant"
