@RFC8414 @section-3
Feature: Obtaining authorization server metadata (RFC 8414 §3)

  Rule: A successful response is HTTP 200 with a JSON object served as application/json
    @8414-3.2-a @MUST
    Scenario: the metadata document is a JSON object served as application/json
      Given the target publishes authorization server metadata
      And the metadata is an RFC 8414 document
      When the metadata document is fetched
      Then the metadata response is a JSON object served as application/json

  Rule: Claims with zero elements are omitted
    @8414-3.2-b @MUST
    Scenario: the metadata has no empty arrays
      Given the target publishes authorization server metadata
      And the metadata is an RFC 8414 document
      When the metadata document is fetched
      Then the metadata has no empty arrays

  # §2 (issuer: no query or fragment) and §3.3 (issuer identical to the one the URL was built
  # from) are checked together: a server whose issuer breaks §2 breaks §3.3 as well.
  Rule: The issuer is identical to the configured issuer, a URL without query or fragment
    @8414-3.3-a @8414-2-a @MUST
    Scenario: the metadata issuer is the configured issuer
      Given the target publishes authorization server metadata
      And the metadata is an RFC 8414 document
      When the metadata document is fetched
      Then the metadata issuer is identical to the configured issuer
      And the metadata issuer has no query or fragment

  # §3.1 builds the URL: the well-known segment goes between the host and the issuer's path
  # (trailing "/" dropped); §3 puts the document there. An OpenID Connect server may use the
  # openid-configuration suffix its profile declares, which is tried when the default is absent.
  Rule: Metadata is retrieved with GET at the well-known URL built from the issuer
    @8414-3-a @8414-3.1-a @MUST
    Scenario: the metadata document is served at the issuer's well-known URL
      Given the target publishes authorization server metadata
      And the metadata is an RFC 8414 document
      When the well-known metadata URL of the issuer is fetched
      Then a metadata document is served there
