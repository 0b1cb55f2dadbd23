@RFC6749 @section-4.1.2
Feature: Authorization code single use under concurrency (RFC 6749 §4.1.2)

  A server that checks "not yet used", then awaits something, then marks the code used lets
  requests arriving in between all through. Single use must hold for requests sent at once.

  Rule: A code can be used only once, even by requests sent at the same time
    @6749-4.1.2-d @MUST
    Scenario: 32 parallel redemptions of one code yield at most one token
      Given the confidential client has an authorization code
      When the client redeems the code 32 times in parallel
      Then at most one of the redemptions gets a token
