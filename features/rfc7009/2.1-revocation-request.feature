@RFC7009 @section-2.1
Feature: Revocation request (RFC 7009 §2.1)

  Rule: The token parameter is required
    @7009-2.1-a @REQUIRED
    Scenario: a revocation request without token is refused with invalid_request
      Given the target has a revocation endpoint
      When the confidential client sends a revocation request without a token
      Then the revocation endpoint refuses with error "invalid_request"

  Rule: A token not found under the hinted type is searched for across all token types
    @7009-2.1-b @MUST
    Scenario: a refresh token sent with token_type_hint access_token is still revoked
      Given the target has a revocation endpoint
      And the confidential client holds a refresh token
      When the client revokes the refresh token with token_type_hint "access_token"
      Then the revocation endpoint answers 200
      And the refresh token is no longer accepted

  Rule: The server validates the client credentials before revoking
    @7009-2.1-c @MUST
    Scenario: a client with a wrong secret cannot revoke its token
      Given the target has a revocation endpoint
      And the confidential client holds a refresh token
      When the client revokes the refresh token with a wrong secret
      Then the revocation endpoint refuses with error "invalid_client"
      And the refresh token still works

  Rule: Only the client the token was issued to can revoke it
    @7009-2.1-d @MUST
    Scenario: another client cannot revoke the refresh token
      Given the target has a revocation endpoint
      And the confidential client holds a refresh token
      When the second confidential client revokes the refresh token
      Then the refresh token still works

  Rule: Revoking a refresh token should also invalidate the access tokens of the same grant
    @7009-2.1-f @SHOULD
    Scenario: revoking a refresh token ends its access token
      Given the target has a revocation endpoint
      And the confidential client holds a refresh token
      When the client revokes the refresh token with token_type_hint "refresh_token"
      Then the revocation endpoint answers 200
      And the access token is no longer active
