@RFC6749 @section-7
Feature: Accessing protected resources (RFC 6749 §7)

  # The token is made invalid by revoking it (RFC 7009); the error status codes are the
  # business of RFC 6750 §3.1.

  Rule: The resource server validates the access token
    @6749-7-a @MUST
    Scenario: a revoked access token gets no protected data
      Given the target has a protected resource
      And the target has a revocation endpoint
      And the confidential client holds an access token
      When the client revokes the access token with token_type_hint "access_token"
      And the client calls the protected resource with the token in the Authorization header
      Then the protected resource refuses the token

  Rule: A failed resource request says why
    # It sees the refusal too, so it also checks §7.
    @6749-7.2-a @6749-7-a @SHOULD
    Scenario: the refusal of a revoked token carries an error attribute
      Given the target has a protected resource
      And the target has a revocation endpoint
      And the confidential client holds an access token
      When the client revokes the access token with token_type_hint "access_token"
      And the client calls the protected resource with the token in the Authorization header
      Then the protected resource refuses the token
      And the protected resource says why in the error attribute of its challenge
