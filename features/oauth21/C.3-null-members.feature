@OAuth21 @section-C.3
Feature: JSON responses omit absent members (OAuth 2.1 Appendix C.3)

  Rule: Members without a value are omitted rather than sent as null
    @oauth21-C.3-a @SHOULD
    Scenario: token responses carry no null members
      Given the confidential client has an authorization code
      When the client exchanges the code
      Then the token endpoint issues an access token
      And the token response has no member set to null
      When the client exchanges the code again
      Then the token response has no member set to null
