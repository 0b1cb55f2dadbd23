@RFC9700 @section-4.2.4
Feature: No third-party resources on the authorization endpoint's pages (RFC 9700 §4.2.4)

  A resource or link on another origin receives the page URL, state included, in Referer.

  Rule: The authorization endpoint includes no third-party resources or links to external sites
    @9700-4.2.4-a @SHOULD
    Scenario: login and consent pages reference only their own origin
      Given an authorization request for the confidential client
      When the resource owner approves the request
      Then no login or consent page references resources or links on other sites
