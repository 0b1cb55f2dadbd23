@RFC8414 @section-2.1
Feature: Signed authorization server metadata (RFC 8414 §2.1)

  # signed_metadata is optional; a document without it meets both rules.
  Rule: signed_metadata is a JWT signed or MACed with JWS, with an iss claim
    @8414-2.1-a @MUST
    Scenario: signed metadata is a signed JWT naming its issuer
      Given the target publishes authorization server metadata
      And the metadata is an RFC 8414 document
      When the metadata document is fetched
      Then the signed metadata, if any, is a signed JWT naming its issuer

  Rule: The signed_metadata JWT does not itself contain a signed_metadata claim
    @8414-2.1-b @SHOULD
    Scenario: signed metadata does not nest signed metadata
      Given the target publishes authorization server metadata
      And the metadata is an RFC 8414 document
      When the metadata document is fetched
      Then the signed metadata, if any, holds no signed_metadata claim
