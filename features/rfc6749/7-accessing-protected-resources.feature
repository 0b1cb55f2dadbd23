@RFC6749 @section-7
Feature: Accessing protected resources (RFC 6749 §7)

  # The token presented is a valid one with a character in the middle changed, which no
  # validation can accept (hence also §10.3). Which error status is the business of RFC 6750 §3.1.

  Rule: The resource server validates the access token
    @6749-7-a @6749-10.3-a @MUST
    Scenario: an altered access token gets no protected data
      Given the target has a protected resource
      And the confidential client holds an access token
      When the client calls the protected resource with an altered copy of the token
      Then the protected resource refuses the token

  Rule: A failed resource request says why
    # It sees the refusal too, so it also checks §7 and §10.3.
    @6749-7.2-a @6749-7-a @6749-10.3-a @SHOULD
    Scenario: the refusal of an altered token carries an error attribute
      Given the target has a protected resource
      And the confidential client holds an access token
      When the client calls the protected resource with an altered copy of the token
      Then the protected resource refuses the token
      And the protected resource says why in the error attribute of its challenge
