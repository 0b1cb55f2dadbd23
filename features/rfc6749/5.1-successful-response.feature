@RFC6749 @section-5.1
Feature: Successful access token response (RFC 6749 §5.1)

  Rule: The response always says the token type
    @6749-5.1-b @6749-5.1-a @MUST
    Scenario: the token response has access_token and token_type
      Given the confidential client has an authorization code
      When the client exchanges the code
      Then the token endpoint issues an access token
      And the token response has a token_type

  Rule: The lifetime of the access token should be given
    @6749-5.1-c @SHOULD
    Scenario: the token response has expires_in
      Given the confidential client has an authorization code
      When the client exchanges the code
      Then the token endpoint issues an access token
      And the token response has expires_in

  Rule: Responses carrying tokens must not be cached
    @6749-5.1-e @MUST
    Scenario: the token response forbids caching
      Given the confidential client has an authorization code
      When the client exchanges the code
      Then the token endpoint issues an access token
      And the token response forbids caching
