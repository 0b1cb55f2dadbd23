@RFC6749 @section-3.1
Feature: Authorization endpoint request parameters (RFC 6749 §3.1, §3.1.1)

  Rule: Request parameters must not be included more than once
    @6749-3.1-h @6749-4.1.2.1-c @MUST
    Scenario: a repeated parameter makes the authorization request invalid
      Given an authorization request for the confidential client
      And the request repeats the "response_type" parameter
      When the request is sent to the authorization endpoint
      Then the authorization request is refused
      And the client is redirected with error "invalid_request"

  Rule: A missing response_type is an error
    @6749-3.1.1-a @6749-4.1.2.1-c @MUST
    Scenario: a request without response_type gets invalid_request
      Given an authorization request for the confidential client
      And the request has no response_type
      When the request is sent to the authorization endpoint
      Then the client is redirected with error "invalid_request"
