@RFC9700 @section-4.16
Feature: Clickjacking (RFC 9700 §4.16)

  The three sentences are judged on the same pages in one scenario: a page with no defence at
  all breaks the MUST, and judging the two SHOULDs apart would count that one defect three times.
  Headers are a heuristic (a browser decides what framing really does); frame-busting script
  counts for the MUST.

  Rule: The authorization server prevents clickjacking of its login and consent pages
    @9700-4.16-a @9700-4.16-b @9700-4.16-d @MUST
    Scenario: login and consent pages cannot be framed by other sites
      Given an authorization request for the confidential client
      When the resource owner approves the request
      Then every login and consent page forbids framing by other sites
      And every login and consent page sets CSP frame-ancestors
      And every login and consent page combines CSP with another anti-framing measure
