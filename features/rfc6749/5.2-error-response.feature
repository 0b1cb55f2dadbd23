@RFC6749 @section-5.2
Feature: Access token error response (RFC 6749 §5.2)

  Rule: A client that fails HTTP Basic authentication gets 401 and a challenge
    @6749-5.2-f @6749-5.2-e @MUST
    Scenario: a wrong secret in HTTP Basic gets 401 with WWW-Authenticate
      Given a token request for the confidential client with a made-up authorization code
      And the client authenticates with HTTP Basic and a wrong secret
      When the token request is sent
      Then the token endpoint refuses with error "invalid_client"
      And the response is 401 with a WWW-Authenticate challenge for "Basic"

  Rule: More than one authentication method is a malformed request
    @6749-5.2-d @MUST
    Scenario: HTTP Basic and client_secret in the body together get invalid_request
      Given a token request for the confidential client with a made-up authorization code
      And the client authenticates with both HTTP Basic and client_secret_post
      When the token request is sent
      Then the token endpoint refuses the request for its two authentication methods

  Rule: Token request parameters must not be included more than once
    @6749-3.2-f @6749-5.2-c @MUST
    Scenario: a repeated parameter in a token request gets invalid_request
      Given a token request for the confidential client with a made-up authorization code
      And the token request repeats the "grant_type" parameter
      When the token request is sent
      Then the token endpoint refuses with error "invalid_request"

  Rule: The error codes say what went wrong
    @6749-5.2-i @MUST
    Scenario: unsupported_grant_type for an unknown grant type
      Given a token request for the confidential client with grant_type "urn:oauth2spec:unknown-grant"
      When the token request is sent
      Then the token endpoint refuses with error "unsupported_grant_type"

    @6749-5.2-h @MUST
    Scenario: unauthorized_client for a grant type the client may not use
      Given the target offers the "client_credentials" grant
      And a token request for a client not allowed the client_credentials grant with grant_type "client_credentials"
      When the token request is sent
      Then the token endpoint refuses with error "unauthorized_client"

    @6749-5.2-j @MUST
    Scenario: invalid_scope for an unknown scope at the token endpoint
      Given the target offers the "client_credentials" grant
      And a token request for a client allowed the client_credentials grant with grant_type "client_credentials"
      And the token request asks for scope "oauth2spec-unknown-scope"
      When the token request is sent
      Then the token endpoint refuses with error "invalid_scope"

  Rule: An error is HTTP 400 with a JSON object holding the error code
    @6749-5.2-a @MUST
    Scenario: a token request without grant_type gets a JSON error
      Given a token request for the confidential client with a made-up authorization code
      And the token request has no "grant_type" parameter
      When the token request is sent
      Then the error response is a JSON object with an error code

  Rule: error and error_description use only printable ASCII without '"' and '\'
    @6749-5.2-k @MUST
    Scenario: an error about an awkward grant_type stays within the allowed characters
      Given a token request for the confidential client with a grant_type holding quotes, a backslash and non-ASCII text
      When the token request is sent
      Then the token endpoint refuses the request
      And the error and error_description use only the allowed characters

  Rule: An error_uri, if present, is a URI-reference within the allowed characters
    @6749-5.2-l @MUST
    Scenario: the error_uri of an error response is well-formed
      Given a token request for the confidential client with grant_type "urn:oauth2spec:unknown-grant"
      When the token request is sent
      Then the token endpoint refuses the request
      And the error_uri, if any, is a valid URI-reference
