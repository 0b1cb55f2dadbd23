@RFC9700 @section-4.11.2 @profile-oauth2.1
Feature: Authenticate the user before redirecting (RFC 9700 §4.11.2)

  RFC 6749 lets a server redirect an invalid request's error at once; RFC 9700 asks it to
  authenticate the user first, so this runs only under the oauth2.1 profile.

  Rule: The user is authenticated before any redirect, so invalid requests cannot be used as open redirects
    @9700-4.11.2-a @MUST
    Scenario: an invalid scope from a trusted client leads to the login page, not straight back to the client
      Given an authorization request for the confidential client
      And the request asks for scope "oauth2spec-unknown-scope"
      When the request is sent from a browser where no user is signed in
      Then the server does not redirect to the client before the user signs in
