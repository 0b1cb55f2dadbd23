@RFC6749 @section-10.4
Feature: Refresh tokens (RFC 6749 §10.4)

  Rule: Refresh tokens cannot be altered
    # Also a validation failure (§6), hence both tags.
    @6749-10.4-b @9700-4.14.2-d @6749-6-c @MUST
    Scenario: an altered refresh token gets invalid_grant
      Given the target offers the "refresh_token" grant
      And the confidential client holds a refresh token
      When the client refreshes with an altered copy of the refresh token
      Then the token endpoint refuses with error "invalid_grant"
