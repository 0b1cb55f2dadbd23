@OAuth21 @section-2.3.1
Feature: Redirect URI registration (OAuth 2.1 §2.3.1)

  Rule: Every client registers its complete redirect URI, so a client that registered none is never redirected
    @oauth21-2.3.1-a @6749-3.1.2.4-a @MUST
    Scenario: a client with no registered redirect URI is not sent to the redirect_uri it names
      Given an authorization request for a client with no registered redirect URI
      And the redirect_uri is on an unregistered host
      When the request is sent to the authorization endpoint
      Then the authorization server does not redirect to the redirect_uri
