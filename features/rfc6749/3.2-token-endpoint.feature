@RFC6749 @section-3.2
Feature: Token endpoint (RFC 6749 §3.2, §3.2.1)

  Rule: The token endpoint URI has no fragment
    @6749-3.2-a @MUST
    Scenario: the published token_endpoint has no fragment
      Given the target publishes authorization server metadata
      When the metadata document is fetched
      Then the published token_endpoint has no fragment

  Rule: Access token requests use POST
    @6749-3.2-c @MUST
    Scenario: a token request made with GET gets no token
      Given the target offers the "client_credentials" grant
      And a token request for a client allowed the client_credentials grant with grant_type "client_credentials"
      And the client authenticates with HTTP Basic
      When the token request is sent with GET, its parameters in the query
      Then the token endpoint issues no token

  Rule: Parameters sent without a value are treated as if they were omitted
    @6749-3.2-d @MUST
    Scenario: an empty scope gets the same answer as no scope
      Given the target offers the "client_credentials" grant
      And a token request for a client allowed the client_credentials grant with grant_type "client_credentials"
      And the token request has an empty scope
      When the token request is sent with and without the empty parameters
      Then both token requests get the same answer

  Rule: Unrecognised request parameters are ignored
    @6749-3.2-e @MUST
    Scenario: an unknown parameter does not stop the code exchange
      Given the confidential client has an authorization code
      When the client exchanges the code with the unrecognised parameter "oauth2spec_extension"
      Then the token endpoint issues an access token

  Rule: A client that does not authenticate must send its client_id
    @6749-3.2.1-a @MUST
    Scenario: a public client's code exchange without client_id gets no token
      Given the public client has an authorization code
      When the client exchanges the code without client_id
      Then the token endpoint refuses with error "invalid_request", "invalid_client" or "invalid_grant"
