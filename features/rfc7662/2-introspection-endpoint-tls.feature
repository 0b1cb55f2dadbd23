@RFC7662 @section-2 @tls
Feature: The introspection endpoint is protected by TLS (RFC 7662 §2)

  Rule: The introspection endpoint is only served over TLS
    @7662-2-a @MUST
    Scenario: the introspection endpoint is not served over plain HTTP
      Given the target is served over TLS
      When an introspection request is sent over plain HTTP
      Then the plain-HTTP variant does not serve the introspection endpoint
