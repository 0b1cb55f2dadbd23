@RFC9700 @section-2.6
Feature: Endpoint hygiene (RFC 9700 §2.6; OAuth 2.1 §3.1)

  Rule: The authorization endpoint does not support CORS
    @9700-2.6-d @MUST
    Scenario: a cross-origin request to the authorization endpoint gets no CORS headers
      Given an authorization request for the confidential client
      When a script on another origin sends the request and a CORS preflight for it
      Then the authorization endpoint grants no cross-origin access
