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

  Rule: The authorization server authenticates the resource owner before deciding
    @6749-3.1-a @MUST
    Scenario: a browser without a session is asked to sign in before any code is issued
      Given an authorization request for the confidential client
      When the request is sent to the authorization endpoint by a browser without a session
      Then the authorization server asks the resource owner to sign in

  Rule: The authorization endpoint URI has no fragment
    @6749-3.1-b @MUST
    Scenario: the published authorization_endpoint has no fragment
      Given the target publishes authorization server metadata
      When the metadata document is fetched
      Then the published authorization_endpoint has no fragment

  Rule: Parameters sent without a value are treated as if they were omitted
    @6749-3.1-f @MUST
    Scenario: empty state and scope get the same answer as no state and no scope
      Given an authorization request for the confidential client
      And the request has an empty state and an empty scope
      When the resource owner approves the request, with and without the empty parameters
      Then both authorization requests get the same answer

  Rule: Unrecognised request parameters are ignored
    @6749-3.1-g @MUST
    Scenario: unknown parameters do not stop the authorization request
      Given an authorization request for the confidential client
      And the request has the unrecognised parameters "oauth2spec_extension=1&x_custom=yes"
      When the resource owner approves the request
      Then the client is redirected with an authorization code

  Rule: Response parameters are not included more than once
    @6749-3.1-i @MUST
    Scenario: neither the code redirect nor the token response repeats a parameter
      Given the confidential client has an authorization code
      When the client exchanges the code
      Then no parameter appears twice in the authorization response or the token response

  Rule: The authorization endpoint may also accept POST
    @6749-3.1-e @MAY
    Scenario: an authorization request sent as a form POST is processed like the GET request
      Given an authorization request for the confidential client
      When the request is sent to the authorization endpoint with POST
      Then the client is redirected with an authorization code
