@OAuth21 @section-3.2.3
Feature: Scope in the token response (OAuth 2.1 §3.2.3)

  Rule: The token response states its scope, even when it is the one the client requested
    @oauth21-3.2.3-a @SHOULD
    Scenario: a token response granting the requested scope still carries scope
      Given the confidential client has an authorization code for a scope it may have
      When the client exchanges the code
      Then the token endpoint issues an access token
      And the token response states the scope, though it is the one requested
