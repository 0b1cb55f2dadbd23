@RFC6749 @section-4.1.2
Feature: Authorization response (RFC 6749 §4.1.2)

  Rule: The code is added to the query component of the redirection URI
    @6749-4.1.2-a @6749-3.1-d @MUST
    Scenario: the code is delivered in the query
      Given an authorization request for the confidential client
      When the resource owner approves the request
      Then the client is redirected with an authorization code in the query

  Rule: state is returned exactly as the client sent it
    @6749-4.1.2-f @MUST
    Scenario: state with reserved characters is echoed exactly
      Given an authorization request for the confidential client
      And the request has state "st-OK_/:?#[]@!$&'()*+,;=%20é~"
      When the resource owner approves the request
      Then the redirect carries the same state

  Rule: A code can be used only once
    @6749-4.1.2-d @6749-5.2-g @MUST
    Scenario: a code redeemed twice is refused the second time with invalid_grant
      Given the confidential client has an authorization code
      And the client has exchanged the code for tokens
      When the client exchanges the code again
      Then the token endpoint refuses with error "invalid_grant"

    @6749-4.1.2-e @SHOULD
    Scenario: tokens issued from a replayed code are revoked
      Given the confidential client has an authorization code
      And the client has exchanged the code for tokens
      When the client exchanges the code again
      Then the tokens from the first exchange are revoked
