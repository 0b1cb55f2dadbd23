@RFC6749 @section-4.4.3
Feature: Client credentials grant (RFC 6749 §4.4)

  Rule: No refresh token for the client credentials grant
    @6749-4.4.3-a @SHOULD
    Scenario: a client_credentials token response has no refresh_token
      Given the target offers the "client_credentials" grant
      And a token request for a client allowed the client_credentials grant with grant_type "client_credentials"
      When the token request is sent
      Then the token endpoint issues an access token
      And the token response has no refresh_token

  Rule: The client credentials grant is only for confidential clients
    @6749-4.4-a @MUST
    Scenario: a public client asking for client_credentials gets no token
      Given the target offers the "client_credentials" grant
      And a token request for the public client with grant_type "client_credentials"
      When the token request is sent
      Then the token endpoint refuses the request

  Rule: The server must authenticate the client
    @6749-4.4.2-a @6749-2.2-a @MUST
    Scenario: client_credentials with the client_id alone gets invalid_client
      Given the target offers the "client_credentials" grant
      And a token request for a client allowed the client_credentials grant with grant_type "client_credentials"
      And the client sends only its client_id
      When the token request is sent
      Then the token endpoint refuses with error "invalid_client"
