@RFC7636 @section-4.4
Feature: The server binds the challenge to the code it returns (RFC 7636 §4.4)

  Rule: The code_challenge and its method are bound to the code
    @7636-4.4-a @7636-4.6-c @MUST
    Scenario: the verifier of another code of the same client is refused
      Given the target supports PKCE method "S256"
      And the public client has two authorization codes with PKCE method "S256"
      When the client exchanges the first code with the code_verifier of the second
      Then the token endpoint refuses with error "invalid_grant"

  Rule: The code_challenge cannot be read by others from the code
    @7636-4.4-b @MUST
    Scenario: the code does not reveal an S256 challenge
      Given the target supports PKCE method "S256"
      And the public client has an authorization code with PKCE method "S256"
      Then the authorization code does not reveal the code challenge
