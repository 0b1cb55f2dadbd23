@OAuth21 @section-10.2
Feature: redirect_uri at the token endpoint for OAuth 2.0 clients (OAuth 2.1 §10.2)

  A matching redirect_uri at the token endpoint is accepted in every code exchange of the suite;
  this scenario checks the other half, that a mismatching one is refused as RFC 6749 requires.

  Rule: An AS serving OAuth 2.0 clients enforces redirect_uri at the token endpoint per RFC 6749
    @oauth21-10.2-a @6749-4.1.3-h @MUST
    Scenario: a token request with a different registered redirect_uri is refused with invalid_grant
      Given the confidential client has an authorization code
      When the client exchanges the code with another registered redirect_uri
      Then the token endpoint refuses with error "invalid_grant"
