@RFC6749 @section-3.3
Feature: Access token scope (RFC 6749 §3.3)

  Rule: Without scope, the server uses a default scope or fails with invalid_scope
    @6749-3.3-b @MUST
    Scenario: an authorization request without scope gets the default scope or invalid_scope
      Given an authorization request for the confidential client
      And the request has no scope
      When the resource owner approves the request
      Then the server applies its default scope or refuses with invalid_scope

  Rule: A token response states the granted scope when it differs from the requested one
    @6749-3.3-a @MUST
    Scenario: a client asking for more scope than it may have is told what it got, or refused
      Given the target offers the "client_credentials" grant
      And a token request for a client allowed the client_credentials grant but not every scope with grant_type "client_credentials"
      And the token request asks for a scope beyond the client's registered scopes
      When the token request is sent
      Then the token response states the granted scope, or the request is refused
