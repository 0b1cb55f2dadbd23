@RFC6750 @section-2.2
Feature: Bearer token in the form-encoded body (RFC 6750 §2.2)

  # Optional for a resource server: checked only where resource.token_methods in the target
  # config lists "body".
  Rule: A resource server may accept the access_token parameter in a form-encoded POST body
    @6750-2.2-a @MAY
    Scenario: the protected resource accepts a token in the form body
      Given the target has a protected resource
      And the protected resource accepts tokens in the form body
      And the confidential client holds an access token
      When the client calls the protected resource with the token in the form body
      Then the protected resource answers with success
