@RFC9700 @section-2.2.2
Feature: Refresh token protection (RFC 9700 §2.2.2, §4.14.2; OAuth 2.1 §4.3)

  Rule: Refresh tokens of public clients are sender-constrained or rotated
    @9700-2.2.2-a @oauth21-4.3-a @MUST
    Scenario: a public client's refresh token is rotated and the old one stops working
      Given the target offers the "refresh_token" grant
      And the public client holds a refresh token from an authorization code flow
      When the client refreshes the access token
      Then the token response carries a new refresh token
      And the previous refresh token is refused with invalid_grant

  Rule: Presenting a rotated-out refresh token revokes the grant's active refresh token
    @9700-4.14.2-c @oauth21-4.3.1-c @MUST
    Scenario: replaying an old refresh token makes the current one fail too
      Given the target offers the "refresh_token" grant
      And the public client holds a refresh token from an authorization code flow
      And the client has refreshed the access token and got a new refresh token
      When the client presents the previous refresh token again
      Then the current refresh token is refused with invalid_grant
