@RFC6749 @section-4.1.2.1
Feature: Authorization error response (RFC 6749 §4.1.2.1)

  Rule: An unknown client is told to the resource owner, never redirected
    @6749-4.1.2.1-a @9700-2.1-b @MUST
    Scenario: an unknown client_id is not redirected to the supplied redirect_uri
      Given an authorization request for the confidential client
      And the request has client_id "oauth2spec-unknown-client"
      When the request is sent to the authorization endpoint
      Then the authorization server does not redirect to the redirect_uri

  Rule: The authorization server returns state unchanged in an error response
    @6749-4.1.2.1-l @MUST
    Scenario: state is echoed exactly in an error redirect
      Given an authorization request for the confidential client
      And the request has state "st-ERR_/:?#[]@!$&'()*+,;=%20é~"
      And the request has response_type "oauth2spec_unknown"
      When the request is sent to the authorization endpoint
      Then the client is redirected with an error
      And the redirect carries the same state

  Rule: The error codes say what went wrong
    @6749-4.1.2.1-e @MUST
    Scenario: access_denied when the resource owner denies the request
      Given an authorization request for the confidential client
      When the resource owner denies the request
      Then the client is redirected with error "access_denied"

    @6749-4.1.2.1-f @6749-3.1.1-a @MUST
    Scenario: unsupported_response_type for an unknown response_type
      Given an authorization request for the confidential client
      And the request has response_type "oauth2spec_unknown"
      When the request is sent to the authorization endpoint
      Then the client is redirected with error "unsupported_response_type"

    @6749-4.1.2.1-g @MUST
    Scenario: invalid_scope for an unknown scope
      Given an authorization request for the confidential client
      And the request asks for scope "oauth2spec-unknown-scope"
      When the request is sent to the authorization endpoint
      Then the client is redirected with error "invalid_scope"

    @6749-4.1.2.1-d @MUST
    Scenario: unauthorized_client for a client not allowed the authorization code grant
      Given an authorization request for a client not allowed the authorization code grant
      When the request is sent to the authorization endpoint
      Then the client is redirected with error "unauthorized_client"

  Rule: Errors are returned in the query of the redirection URI, with state
    @6749-4.1.2.1-b @MUST
    Scenario: a denial comes back in the query, with state
      Given an authorization request for the confidential client
      When the resource owner denies the request
      Then the error and state are in the query of the redirection URI

  Rule: error and error_description use a restricted character set
    @6749-4.1.2.1-j @MUST
    Scenario: the error redirect for an unknown response_type uses only the allowed characters
      Given an authorization request for the confidential client
      And the request has response_type "oauth2spec_unknown"
      When the request is sent to the authorization endpoint
      Then the error redirect uses only the allowed characters in error and error_description

  Rule: error_uri is a URI-reference with a restricted character set
    @6749-4.1.2.1-k @MUST
    Scenario: the error redirect for an unknown response_type has a valid error_uri, if any
      Given an authorization request for the confidential client
      And the request has response_type "oauth2spec_unknown"
      When the request is sent to the authorization endpoint
      Then the error redirect has a valid error_uri, if any

  Rule: The error is one of the codes RFC 6749 defines
    @6749-4.1.2.1-m @MUST
    Scenario: a malformed scope is refused with a defined error code
      Given an authorization request for the confidential client
      And the request asks for scope "read\write"
      When the request is sent to the authorization endpoint
      Then the error redirect names an error code RFC 6749 defines
