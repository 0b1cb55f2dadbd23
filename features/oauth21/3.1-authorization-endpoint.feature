@OAuth21 @section-3.1
Feature: Authorization endpoint parameters (OAuth 2.1 §3.1)

  OAuth 2.1 extends "no parameter more than once" to extension parameters such as PKCE's. A
  server without PKCE does not recognise them, and RFC 6749 §3.1 has it ignore them: skipped.

  Rule: Parameters, extension parameters included, are not repeated
    @oauth21-3.1-a @6749-3.1-h @MUST
    Scenario: a repeated code_challenge is an invalid request
      Given the target supports PKCE
      And an authorization request for the public client
      And the request repeats the "code_challenge" parameter
      When the request is sent to the authorization endpoint
      Then the authorization request is refused
      And the client is redirected with error "invalid_request"

    @oauth21-3.1-a @6749-3.1-h @MUST
    Scenario: a repeated code_challenge_method is an invalid request
      Given the target supports PKCE
      And an authorization request for the public client
      And the request repeats the "code_challenge_method" parameter
      When the request is sent to the authorization endpoint
      Then the authorization request is refused
      And the client is redirected with error "invalid_request"
