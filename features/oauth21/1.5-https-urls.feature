@OAuth21 @section-1.5 @tls
Feature: Every URL of the authorization server uses https (OAuth 2.1 §1.5, RFC 8414 §2, §3, RFC 7009 §2)

  Rule: The server's URLs in its metadata — issuer, endpoints, jwks_uri, documentation — are https
    @oauth21-1.5-a @7009-2-d @8414-2-d @8414-3-b @MUST
    Scenario: the metadata publishes only https URLs
      Given the target is served over TLS
      And the target publishes authorization server metadata
      When the metadata document is fetched
      Then every URL in the metadata uses https
