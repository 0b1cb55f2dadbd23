@RFC6750 @section-3.1
Feature: Error codes (RFC 6750 §3.1)

  Rule: A malformed request gets 400 invalid_request
    @6750-3.1-a @SHOULD
    Scenario: a token sent both in the Authorization header and the form body gets invalid_request
      Given the target has a protected resource
      And the protected resource accepts tokens in the form body
      And the confidential client holds an access token
      When the client calls the protected resource with the token in both the Authorization header and the form body
      Then the protected resource answers 400 with error "invalid_request"

  Rule: An expired, revoked or malformed token gets 401 invalid_token
    @6750-3.1-b @SHOULD
    Scenario: an invalid token gets 401 with error invalid_token
      Given the target has a protected resource
      When the client calls the protected resource with an invalid token
      Then the protected resource answers 401 with error "invalid_token"

  # resource.insufficient_scope in the target config names a scope whose tokens the resource
  # refuses; without it the scenario is skipped.
  Rule: A token lacking the privileges the request needs gets 403 insufficient_scope
    @6750-3.1-c @SHOULD
    Scenario: a token for a scope the resource does not accept gets insufficient_scope
      Given the target has a protected resource
      And the confidential client holds an access token for a scope the protected resource does not accept
      When the client calls the protected resource with the token in the Authorization header
      Then the protected resource answers 403 with error "insufficient_scope"

  Rule: A request without authentication gets no error code
    @6750-3.1-d @SHOULD
    Scenario: the challenge to a request without a token has no error attribute
      Given the target has a protected resource
      When the client calls the protected resource without a token
      Then the Bearer challenge carries no error information
