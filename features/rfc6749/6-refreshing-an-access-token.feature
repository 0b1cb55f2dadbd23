@RFC6749 @section-6
Feature: Refreshing an access token (RFC 6749 §6)

  Rule: A refresh token is bound to the client it was issued to
    @6749-6-b @6749-5.2-g @MUST
    Scenario: another client cannot use the refresh token
      Given the target offers the "refresh_token" grant
      And the confidential client holds a refresh token
      When the second confidential client uses the refresh token
      Then the token endpoint refuses with error "invalid_grant"
