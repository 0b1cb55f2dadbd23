@RFC7662 @section-2.1
Feature: Introspection request (RFC 7662 §2.1)

  Rule: The token parameter is required
    @7662-2.1-a @REQUIRED
    Scenario: a request without token does not describe an active token
      Given the target has an introspection endpoint
      When the confidential client sends an introspection request without a token
      Then the introspection response does not describe an active token

  Rule: A token not found under the hinted type is searched for across all token types
    @7662-2.1-b @MUST
    Scenario: an access token sent with token_type_hint refresh_token is still found
      Given the target has an introspection endpoint
      And the confidential client holds an access token
      When the client introspects the access token with token_type_hint "refresh_token"
      Then the introspection response says the token was found

  Rule: The introspection endpoint requires some form of authorization of the caller
    @7662-2.1-d @MUST
    Scenario: an unauthenticated caller learns nothing about a token
      Given the target has an introspection endpoint
      And the confidential client holds an access token
      When the access token is introspected without client authentication
      Then the introspection endpoint refuses the unauthenticated caller
