@RFC6749 @section-3.3
Feature: Access token scope (RFC 6749 §3.3)

  Rule: Without scope, the server uses a default scope or fails with invalid_scope
    @6749-3.3-b @MUST
    Scenario: an authorization request without scope gets the default scope or invalid_scope
      Given an authorization request for the confidential client
      And the request has no scope
      When the resource owner approves the request
      Then the server applies its default scope or refuses with invalid_scope
