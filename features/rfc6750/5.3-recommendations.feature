@RFC6750 @section-5.3
Feature: Summary of recommendations (RFC 6750 §5.3)

  Rule: Bearer tokens are short-lived, one hour or less
    @6750-5.3-a @SHOULD
    Scenario: access tokens are issued for an hour or less
      Given the confidential client holds an access token
      Then the access token lives an hour or less
