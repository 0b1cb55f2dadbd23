@RFC6749 @section-B
Feature: Use of application/x-www-form-urlencoded media type (RFC 6749 Appendix B)

  Rule: Values are decoded from, and re-encoded to, form encoding exactly
    # The Appendix B example value " %&+", which must arrive as space, percent, ampersand, plus.
    @6749-AppB-a @MUST
    Scenario: a state of space, percent, ampersand and plus round-trips exactly
      Given an authorization request for the confidential client
      And the request has state " %&+"
      When the resource owner approves the request
      Then the redirect carries the same state
