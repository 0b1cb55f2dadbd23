@RFC6749 @section-6
Feature: Refreshing an access token (RFC 6749 §6)

  Rule: A refresh token is bound to the client it was issued to
    @6749-6-b @6749-5.2-g @MUST
    Scenario: another client cannot use the refresh token
      Given the target offers the "refresh_token" grant
      And the confidential client holds a refresh token
      When the second confidential client uses the refresh token
      Then the token endpoint refuses with error "invalid_grant"

  Rule: A confidential client must authenticate to refresh
    @6749-6-a @6749-2.2-a @MUST
    Scenario: a refresh with client_id alone gets invalid_client
      Given the target offers the "refresh_token" grant
      And the confidential client holds a refresh token
      When the client refreshes the token without client authentication
      Then the token endpoint refuses with error "invalid_client"

  Rule: The refresh token is validated
    @6749-6-c @6749-5.2-g @MUST
    Scenario: a made-up refresh token gets invalid_grant
      Given the target offers the "refresh_token" grant
      And a token request for the confidential client with a made-up refresh token
      When the token request is sent
      Then the token endpoint refuses with error "invalid_grant"

  Rule: A refresh cannot widen the scope the resource owner granted
    @6749-6-d @9700-4.14.2-b @MUST
    Scenario: asking for more scope on refresh does not get it
      Given the target offers the "refresh_token" grant
      And the confidential client holds a refresh token
      When the client refreshes the token asking for a scope value beyond the original grant
      Then no scope beyond the original grant is granted

  Rule: Without scope, a refresh is for the scope originally granted
    @6749-6-e @MUST
    Scenario: a refresh without scope keeps the original scope
      Given the target offers the "refresh_token" grant
      And the confidential client holds a refresh token
      When the client refreshes the token without scope
      Then the token endpoint issues an access token
      And the new access token has the original scope

  Rule: A new refresh token keeps the scope of the refresh token it replaces
    @6749-6-f @MUST
    Scenario: after a narrowed refresh, the new refresh token still carries the full scope
      Given the target offers the "refresh_token" grant
      And the confidential client holds a refresh token for two scope values
      When the client refreshes the token asking for only the first of them
      And the client refreshes with the new refresh token without scope
      Then the token endpoint issues an access token
      And the new access token has the original scope
