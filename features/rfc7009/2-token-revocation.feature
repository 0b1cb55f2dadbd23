@RFC7009 @section-2
Feature: Token revocation endpoint (RFC 7009 §2)

  Rule: The revocation endpoint supports the revocation of refresh tokens, with immediate effect
    @7009-2-a @7009-2.1-e @oauth21-4.3.1-b @MUST
    Scenario: a revoked refresh token can no longer be used
      Given the target has a revocation endpoint
      And the confidential client holds a refresh token
      When the client revokes the refresh token
      Then the revocation endpoint answers 200
      And the refresh token is no longer accepted

  Rule: The revocation endpoint should support the revocation of access tokens
    @7009-2-b @SHOULD
    Scenario: a revoked access token is no longer active
      Given the target has a revocation endpoint
      And the confidential client holds an access token
      When the client revokes the access token with token_type_hint "access_token"
      Then the revocation endpoint answers 200
      And the access token is no longer active

  Rule: The revocation endpoint URL has no fragment (RFC 6749 §3.1)
    @7009-2-c @MUST
    Scenario: the published revocation_endpoint has no fragment
      Given the target publishes authorization server metadata
      When the metadata document is fetched
      Then the published revocation_endpoint has no fragment
