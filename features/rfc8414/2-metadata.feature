@RFC8414 @section-2
Feature: Authorization server metadata members (RFC 8414 §2)

  Rule: The required members are present
    @8414-2-b @8414-2-c @8414-2-g @REQUIRED
    Scenario: the metadata lists the endpoints and response types
      Given the target publishes authorization server metadata
      When the metadata document is fetched
      Then the metadata lists authorization_endpoint
      And the metadata lists token_endpoint
      And the metadata lists response_types_supported values

  Rule: scopes_supported is RECOMMENDED
    @8414-2-f @RECOMMENDED
    Scenario: the metadata lists the supported scopes
      Given the target publishes authorization server metadata
      When the metadata document is fetched
      Then the metadata lists scopes_supported values
