@RFC7662 @section-2.3
Feature: Introspection error response (RFC 7662 §2.3)

  Rule: Invalid caller client credentials get HTTP 401 as in RFC 6749 §5.2
    @7662-2.3-a @6749-5.2-f @MUST
    Scenario: a caller with a wrong secret gets 401
      Given the target has an introspection endpoint
      And the confidential client holds an access token
      When the client introspects the access token with a wrong secret
      Then the introspection endpoint answers 401
