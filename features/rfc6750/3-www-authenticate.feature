@RFC6750 @section-3
Feature: The WWW-Authenticate response header (RFC 6750 §3, §3.1)

  Rule: A request without credentials gets a Bearer challenge
    @6750-3-a @MUST
    Scenario: a request without a token gets 401 with WWW-Authenticate Bearer
      Given the target has a protected resource
      When the client calls the protected resource without a token
      Then the protected resource answers 401 with a Bearer challenge

  Rule: An invalid token gets invalid_token
    @6750-3.1-b @SHOULD
    Scenario: an invalid token gets 401 with error invalid_token
      Given the target has a protected resource
      When the client calls the protected resource with an invalid token
      Then the protected resource answers 401 with error "invalid_token"
