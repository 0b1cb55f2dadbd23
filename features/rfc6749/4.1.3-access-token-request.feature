@RFC6749 @section-4.1.3
Feature: Access token request (RFC 6749 §4.1.3)

  Rule: The request needs the code
    @6749-4.1.3-a @6749-5.2-b @MUST
    Scenario: a token request without code gets invalid_request
      Given the confidential client has an authorization code
      When the client exchanges the code without sending it
      Then the token endpoint refuses with error "invalid_request"

  Rule: The code must be valid
    @6749-4.1.3-f @6749-5.2-g @MUST
    Scenario: a made-up code gets invalid_grant
      Given a token request for the confidential client with a made-up authorization code
      When the token request is sent
      Then the token endpoint refuses with error "invalid_grant"

  Rule: The code is bound to the client it was issued to
    @6749-4.1.3-d @6749-5.2-g @MUST
    Scenario: another client cannot redeem the code
      Given the confidential client has an authorization code
      When the second confidential client exchanges the code
      Then the token endpoint refuses with error "invalid_grant"

  Rule: The code is bound to the redirect_uri of the authorization request
    @6749-4.1.3-h @6749-5.2-g @MUST
    Scenario: another registered redirect_uri in the token request is refused
      Given the confidential client has an authorization code
      When the client exchanges the code with another registered redirect_uri
      Then the token endpoint refuses with error "invalid_grant"

    @6749-4.1.3-g @MUST
    Scenario: a missing redirect_uri in the token request is refused
      Given the confidential client has an authorization code
      When the client exchanges the code without redirect_uri
      Then the token endpoint refuses the request

  Rule: A confidential client must authenticate to redeem its code
    @6749-4.1.3-b @6749-2.2-a @MUST
    Scenario: a confidential client redeeming its own code with its client_id alone gets invalid_client
      Given the confidential client has an authorization code
      When the client exchanges the code with its client_id alone
      Then the token endpoint refuses with error "invalid_client"

  Rule: Presented client credentials are verified
    @6749-4.1.3-c @MUST
    Scenario: a wrong client_secret in the body gets invalid_client
      Given the confidential client has an authorization code
      When the client exchanges the code with a wrong client_secret in the body
      Then the token endpoint refuses with error "invalid_client"

  Rule: A public client's code is bound to its client_id
    @6749-4.1.3-e @MUST
    Scenario: another public client cannot redeem the code
      Given the public client has an authorization code
      When the second public client exchanges the code
      Then the token endpoint refuses with error "invalid_grant"
