@RFC6749 @section-2.3.1
Feature: Client password authentication (RFC 6749 §2.2, §2.3.1)

  Rule: The server must support HTTP Basic for clients with a password
    @6749-2.3.1-a @MUST
    Scenario: HTTP Basic authentication is accepted
      Given a token request for the confidential client with a made-up authorization code
      And the client authenticates with HTTP Basic
      When the token request is sent
      Then the client is authenticated

  Rule: Basic credentials are form-urlencoded before base64, and the server decodes them
    @6749-2.3.1-b @6749-2.3.1-a @MUST
    Scenario: a secret with reserved characters works in HTTP Basic
      Given a token request for a client whose secret needs form-encoding with a made-up authorization code
      And the client authenticates with HTTP Basic
      When the token request is sent
      Then the client is authenticated

  Rule: A client_id alone does not authenticate a confidential client
    @6749-2.2-a @6749-5.2-e @MUST
    Scenario: a confidential client sending only its client_id gets invalid_client
      Given a token request for the confidential client with a made-up authorization code
      And the client sends only its client_id
      When the token request is sent
      Then the token endpoint refuses with error "invalid_client"

  Rule: Client credentials never go in the request URI
    @6749-2.3.1-d @MUST
    Scenario: credentials in the query of the token request do not authenticate the client
      Given the target offers the "client_credentials" grant
      And a token request for a client allowed the client_credentials grant with grant_type "client_credentials"
      And the client sends its credentials in the request URI
      When the token request is sent
      Then the token endpoint refuses with error "invalid_client" or "invalid_request"
