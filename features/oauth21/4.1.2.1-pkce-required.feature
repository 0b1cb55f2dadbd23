@OAuth21 @section-4.1.2.1 @profile-oauth2.1
Feature: PKCE is required of public clients (OAuth 2.1 §4.1.2.1)

  RFC 7636 lets a server choose whether to require PKCE; OAuth 2.1 requires it of public clients,
  so this runs only under the oauth2.1 profile, whatever the target config says.

  Rule: An authorization request from a public client without code_challenge is rejected
    @oauth21-4.1.2.1-a @7636-4.4.1-a @MUST
    Scenario: a public client without code_challenge gets an invalid_request error
      Given an authorization request for the public client
      And the request has no code challenge
      When the request is sent to the authorization endpoint
      Then the client is redirected with error "invalid_request"
