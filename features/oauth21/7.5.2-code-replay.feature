@OAuth21 @section-7.5.2
Feature: Authorization code replay with invalid parameters (OAuth 2.1 §7.5.2)

  Rule: A replayed code with invalid parameters does not revoke the tokens already issued
    @oauth21-7.5.2-a @SHOULD
    Scenario: another client replaying a used code does not revoke the first client's token
      Given the confidential client has an authorization code
      And the client has exchanged the code for tokens
      When the second confidential client exchanges the code
      Then the token endpoint refuses the request
      And the access token from the first exchange is still active
