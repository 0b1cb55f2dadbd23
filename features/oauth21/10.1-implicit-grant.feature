@OAuth21 @section-10.1 @profile-oauth2.1
Feature: The implicit grant is removed (OAuth 2.1 §10.1)

  RFC 6749 §4.2 defines the implicit grant; OAuth 2.1 drops it and RFC 9700 §2.1.2 says not to
  use it, so this runs only under the oauth2.1 profile.

  Rule: response_type=token is not understood and yields an error
    @oauth21-10.1-a @MUST
    Scenario: response_type=token ends in an error, never an access token
      Given an authorization request for the confidential client
      And the request has response_type "token"
      When the request is sent to the authorization endpoint
      Then the request ends in an error and no access token is delivered
