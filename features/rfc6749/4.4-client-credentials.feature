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
