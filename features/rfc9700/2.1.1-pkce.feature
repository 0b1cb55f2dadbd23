@RFC9700 @section-2.1.1
Feature: PKCE (RFC 9700 §2.1.1; OAuth 2.1 §4.1.3)

  Rule: Authorization servers MUST support PKCE
    @9700-2.1.1-a @7636-4.6-a @MUST
    Scenario: an S256 PKCE flow succeeds end to end
      Given the target supports PKCE method "S256"
      And the public client has an authorization code with PKCE method "S256"
      When the client exchanges the code
      Then the token endpoint issues an access token

  Rule: If a code_challenge was sent, the correct code_verifier is enforced at the token endpoint
    @9700-2.1.1-b @7636-4.6-c @MUST
    Scenario: a wrong code_verifier is refused with invalid_grant
      Given the target supports PKCE method "S256"
      And the public client has an authorization code with PKCE method "S256"
      When the client exchanges the code with a wrong code_verifier
      Then the token endpoint refuses with error "invalid_grant"

    @9700-2.1.1-b @7636-4.5-a @oauth21-4.1.3-b @MUST
    Scenario: a missing code_verifier is refused
      Given the target supports PKCE method "S256"
      And the public client has an authorization code with PKCE method "S256"
      When the client exchanges the code without a code_verifier
      Then the token endpoint refuses the request

  Rule: A code_verifier is accepted only if the authorization request carried a code_challenge
    @9700-2.1.1-c @oauth21-3.2.4-a @oauth21-4.1.3-b @MUST
    Scenario: a code_verifier for a code issued without a challenge is refused with invalid_request
      Given the confidential client has an authorization code obtained without a code challenge
      When the client exchanges the code with a code_verifier it never committed to
      Then the token endpoint refuses the request
      And the refusal is invalid_request, as OAuth 2.1 requires for an unexpected code_verifier

  # One scenario for both sentences: a document without the member breaks the MUST, and the
  # RECOMMENDED S256 can only be judged where the member is there.
  Rule: The server provides a way to detect its PKCE support, and publishes its methods
    @9700-2.1.1-d @9700-2.1.1-e @MUST
    Scenario: the metadata publishes code_challenge_methods_supported with S256
      Given the target publishes authorization server metadata
      When the metadata document is fetched
      Then the metadata publishes code_challenge_methods_supported
      And the published PKCE methods include S256
