@RFC6749 @section-10.2
Feature: Client impersonation (RFC 6749 §10.2)

  Rule: The resource owner is shown who asks, and for what
    # Skipped when no consent page is shown (e.g. a trusted client) or the driver records no
    # pages. A client shown by name rather than client_id needs `name` in the target config.
    @6749-10.2-b @SHOULD
    Scenario: the consent page names the client and the requested scope
      Given an authorization request for the confidential client
      When the resource owner approves the request
      Then the consent page named the client and the requested scope
