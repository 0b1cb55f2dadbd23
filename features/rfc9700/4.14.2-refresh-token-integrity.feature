@RFC9700 @section-4.14.2
Feature: Refresh token integrity (RFC 9700 §4.14.2)

  Rule: A refresh token cannot be altered and still work
    @9700-4.14.2-d @6749-10.4-b @6749-6-c @MUST
    Scenario: a refresh token with one character changed is refused with invalid_grant
      Given the target offers the "refresh_token" grant
      And the confidential client holds a refresh token
      When the client refreshes with the refresh token altered in one character
      Then the token endpoint refuses with error "invalid_grant"
