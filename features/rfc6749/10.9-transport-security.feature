@RFC6749 @section-10.9 @tls
Feature: Transport security of the endpoints (RFC 6749 §2.3.1, §3.1, §3.2, §10.9, §10.11)

  The authorization server's endpoints are served over TLS only, with a certificate the client
  can validate. On a plain-http loopback target these scenarios are skipped, never passed; the
  plain-HTTP variant of an https URL is the same URL with http on port 80, or where
  tls.plain_http_origin says.

  Rule: The authorization server authenticates with TLS and a certificate the client validates (§10.9); it implements TLS (RFC 6750 §5.2), also at revocation (RFC 7009 §2)
    @6749-10.9-a @6750-5.2-a @7009-2-e @MUST
    Scenario: every endpoint presents a certificate that validates
      Given the target is served over TLS
      When every endpoint is contacted validating the certificate
      Then the server certificate validates

  Rule: Requests to the token endpoint, where clients authenticate with passwords, are only served over TLS (§3.2, §2.3.1); no response travels unencrypted (RFC 9700 §2.6)
    @6749-3.2-b @6749-2.3.1-e @9700-2.6-c @MUST
    Scenario: the token endpoint issues no token over plain HTTP
      Given the target is served over TLS
      When a valid client_credentials request is sent to the token endpoint over plain HTTP
      Then the plain-HTTP variant does not serve the token endpoint

  Rule: The authorization endpoint is only served over TLS (§3.1)
    @6749-3.1-c @MUST
    Scenario: the authorization endpoint is not served over plain HTTP
      Given the target is served over TLS
      When a valid authorization request is sent over plain HTTP
      Then the plain-HTTP variant does not serve the authorization endpoint

  Rule: The pages where the end user authenticates are only served over TLS (§10.11)
    @6749-10.11-a @MUST
    Scenario: the login page is not served over plain HTTP
      Given the target is served over TLS
      When the login page is requested over plain HTTP
      Then the plain-HTTP variant does not serve the login page
