@RFC7009 @section-2.2.1
Feature: Revocation error response (RFC 7009 §2.2.1)

  Rule: Error responses are as described in RFC 6749 §5.2
    @7009-2.2.1-a @MUST
    Scenario: a refused revocation request gets an RFC 6749 §5.2 error response
      Given the target has a revocation endpoint
      When the confidential client sends a revocation request without a token
      Then the revocation error response follows RFC 6749 section 5.2
