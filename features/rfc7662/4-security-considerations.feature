@RFC7662 @section-4
Feature: Introspection security considerations (RFC 7662 §4)

  Rule: Introspection checks whether the token has been revoked
    @7662-4-c @MUST
    Scenario: a revoked refresh token introspects as inactive
      Given the target has an introspection endpoint
      And the target has a revocation endpoint
      And the confidential client holds a refresh token
      And the refresh token introspects as active
      When the client revokes the refresh token with token_type_hint "refresh_token"
      And the client introspects the refresh token
      Then the introspection response says the token is inactive

  # The lifetime is [lifetimes] access_token_secs of the target config, else expires_in.
  Rule: Introspection checks whether the token has expired
    @7662-4-a @MUST @slow
    Scenario: an expired access token introspects as inactive
      Given the target has an introspection endpoint
      And the confidential client holds an access token
      When the access token has expired
      And the client introspects the access token
      Then the introspection response says the token is inactive
