@OAuth21 @section-4.3.1
Feature: Refresh token request of a public client (OAuth 2.1 §4.3.1)

  A public client cannot authenticate; it identifies itself with client_id, and the server must
  check that the refresh token was issued to that client. This is the same binding RFC 6749 §6
  and §10.4 ask for, seen from a client without credentials.

  Rule: A refresh token presented with a client_id must have been issued to that client
    @oauth21-4.3.1-a @6749-6-b @MUST
    Scenario: another public client cannot use a public client's refresh token
      Given the target offers the "refresh_token" grant
      And the public client holds a refresh token from an authorization code flow
      When the second public client presents the refresh token with its own client_id
      Then the refresh is refused and no token is issued
