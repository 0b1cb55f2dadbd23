@RFC8414 @section-2
Feature: Authorization server metadata members (RFC 8414 §2)

  Rule: The required members are present
    @8414-2-b @8414-2-c @8414-2-g @REQUIRED
    Scenario: the metadata lists the endpoints and response types
      Given the target publishes authorization server metadata
      And the metadata is an RFC 8414 document
      When the metadata document is fetched
      Then the metadata lists authorization_endpoint
      And the metadata lists token_endpoint
      And the metadata lists response_types_supported values

  Rule: scopes_supported is RECOMMENDED
    @8414-2-f @RECOMMENDED
    Scenario: the metadata lists the supported scopes
      Given the target publishes authorization server metadata
      And the metadata is an RFC 8414 document
      When the metadata document is fetched
      Then the metadata lists scopes_supported values

  # These rules bind only servers that list a JWT client authentication method (RFC 7523:
  # private_key_jwt, client_secret_jwt); a document that lists none meets them.
  Rule: token_endpoint_auth_signing_alg_values_supported is present when a JWT method is listed
    @8414-2-h @MUST
    Scenario: JWT client authentication at the token endpoint comes with its signing algorithms
      Given the target publishes authorization server metadata
      And the metadata is an RFC 8414 document
      When the metadata document is fetched
      Then the metadata lists signing algorithms wherever the token endpoint accepts JWT client authentication

  Rule: "none" is not a token endpoint signing algorithm
    @8414-2-i @MUST
    Scenario: the token endpoint signing algorithms do not include none
      Given the target publishes authorization server metadata
      And the metadata is an RFC 8414 document
      When the metadata document is fetched
      Then the token endpoint signing algorithms exclude "none"

  Rule: Servers should support RS256 for JWT client authentication
    @8414-2-j @SHOULD
    Scenario: a server listing private_key_jwt accepts RS256
      Given the target publishes authorization server metadata
      And the metadata is an RFC 8414 document
      When the metadata document is fetched
      Then the token endpoint signing algorithms include RS256 where private_key_jwt is listed

  Rule: revocation_endpoint_auth_signing_alg_values_supported is present when a JWT method is listed
    @8414-2-k @MUST
    Scenario: JWT client authentication at the revocation endpoint comes with its signing algorithms
      Given the target publishes authorization server metadata
      And the metadata is an RFC 8414 document
      When the metadata document is fetched
      Then the metadata lists signing algorithms wherever the revocation endpoint accepts JWT client authentication

  Rule: "none" is not a revocation endpoint signing algorithm
    @8414-2-l @MUST
    Scenario: the revocation endpoint signing algorithms do not include none
      Given the target publishes authorization server metadata
      And the metadata is an RFC 8414 document
      When the metadata document is fetched
      Then the revocation endpoint signing algorithms exclude "none"

  Rule: introspection_endpoint_auth_signing_alg_values_supported is present when a JWT method is listed
    @8414-2-m @MUST
    Scenario: JWT client authentication at the introspection endpoint comes with its signing algorithms
      Given the target publishes authorization server metadata
      And the metadata is an RFC 8414 document
      When the metadata document is fetched
      Then the metadata lists signing algorithms wherever the introspection endpoint accepts JWT client authentication

  Rule: "none" is not an introspection endpoint signing algorithm
    @8414-2-n @MUST
    Scenario: the introspection endpoint signing algorithms do not include none
      Given the target publishes authorization server metadata
      And the metadata is an RFC 8414 document
      When the metadata document is fetched
      Then the introspection endpoint signing algorithms exclude "none"

  # A metadata document without jwks_uri meets this rule.
  Rule: A JWK Set with both signing and encryption keys gives every key a use
    @8414-2-e @MUST
    Scenario: the JWK Set marks the use of its keys when it mixes signing and encryption keys
      Given the target publishes authorization server metadata
      And the metadata is an RFC 8414 document
      When the metadata document is fetched
      Then the JWK Set, if published, marks the use of every key when it mixes signing and encryption keys
