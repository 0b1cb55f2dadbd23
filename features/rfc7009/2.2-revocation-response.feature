@RFC7009 @section-2.2
Feature: Revocation response (RFC 7009 §2.2)

  Rule: The server answers 200 for an invalid or unknown token as well
    @7009-2.2-a @MUST
    Scenario: revoking an unknown token answers 200
      Given the target has a revocation endpoint
      When the confidential client revokes a made-up token
      Then the revocation endpoint answers 200

  Rule: An unknown token_type_hint value is ignored
    @7009-2.2-b @MUST
    Scenario: a refresh token sent with an unknown token_type_hint is revoked
      Given the target has a revocation endpoint
      And the confidential client holds a refresh token
      When the client revokes the refresh token with token_type_hint "oauth2spec_unknown_hint"
      Then the revocation endpoint answers 200
      And the refresh token is no longer accepted
