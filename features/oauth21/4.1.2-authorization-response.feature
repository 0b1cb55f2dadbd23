@OAuth21 @section-4.1.2
Feature: Authorization response (OAuth 2.1 §4.1.2)

  Rule: An iss parameter in the authorization response identifies the authorization server
    @oauth21-4.1.2-a @MAY
    Scenario: iss in the redirect, if sent, is the metadata issuer
      Given an authorization request for the confidential client
      When the resource owner approves the request
      Then an iss parameter in the response, if any, is the server's issuer
