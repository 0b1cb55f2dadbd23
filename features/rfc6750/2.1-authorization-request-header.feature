@RFC6750 @section-2.1
Feature: Bearer token in the Authorization header (RFC 6750 §2.1)

  Rule: A resource server must accept the Authorization: Bearer header
    @6750-2.1-a @MUST
    Scenario: the protected resource accepts a token in the Authorization header
      Given the target has a protected resource
      And the confidential client holds an access token
      When the client calls the protected resource with the token in the Authorization header
      Then the protected resource answers with success
