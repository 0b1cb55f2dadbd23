@RFC8414 @section-6.1 @tls
Feature: TLS 1.2 is supported (RFC 8414 §6.1, RFC 7662 §4)

  Rule: The server supports TLS 1.2 with confidentiality and integrity protection
    @8414-6.1-a @7662-4-g @MUST
    Scenario: a TLS 1.2 handshake succeeds
      Given the target is served over TLS
      When the server is contacted offering only TLS 1.2
      Then the TLS 1.2 handshake succeeds
