@RFC7009 @section-2 @tls
Feature: Revocation at the plain-HTTP variant of the endpoint (RFC 7009 §2)

  Rule: If the host also answers plain HTTP, revocation is offered there so a token sent by mistake is revoked
    @7009-2-f @SHOULD
    Scenario: a refresh token sent to the plain-HTTP revocation URL is revoked
      Given the target is served over TLS
      And the target has a revocation endpoint
      And the confidential client holds a refresh token
      When the client revokes the refresh token at the plain-HTTP variant of the revocation endpoint
      Then the refresh token is no longer accepted
