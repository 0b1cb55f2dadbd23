@RFC6749 @section-10.3
Feature: Access tokens (RFC 6749 §10.3)

  Rule: Access tokens cannot be forged or altered
    # Observed through introspection (RFC 7662) where offered, else at the protected resource.
    @6749-10.3-a @MUST
    Scenario: an altered access token is refused
      Given the confidential client holds an access token
      When someone presents an altered copy of the access token
      Then the altered access token is rejected
