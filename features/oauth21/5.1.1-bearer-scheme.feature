@OAuth21 @section-5.1.1
Feature: Bearer token in the Authorization header (OAuth 2.1 §5.1.1)

  Rule: The scheme name bearer is matched in any letter case
    @oauth21-5.1.1-a @MUST
    Scenario: bearer, BEARER and bEaReR work like Bearer
      Given the target has a protected resource
      And the confidential client holds an access token
      When the client calls the protected resource with the scheme name written bearer, BEARER and bEaReR
      Then the protected resource accepts the token in every spelling
