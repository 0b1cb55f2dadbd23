@RFC6750 @section-5.2
Feature: Threat mitigation (RFC 6750 §5.2)

  Rule: Token references are infeasible to guess
    # An estimate from a sample of 20 tokens (see RFC 6749 §10.10); a shortfall is a warning.
    @6750-5.2-c @MUST
    Scenario: access tokens are hard to guess
      Given the server has issued 20 access tokens
      Then the access tokens look like they carry at least 128 bits of entropy

  # The lifetime is [lifetimes] access_token_secs of the target config, else expires_in; the
  # scenario waits it plus the leeway, and a longer wait than limits.max_wait_secs skips it.
  Rule: The lifetime of a bearer token is limited
    @6750-5.2-e @MUST @slow
    Scenario: the protected resource refuses an access token once it has expired
      Given the target has a protected resource
      And the confidential client holds an access token
      When the access token has expired
      And the client calls the protected resource with the token in the Authorization header
      Then the protected resource refuses the expired token

  # One character near the middle of the token is changed (never the last, whose base64url
  # padding bits may not count).
  Rule: Token integrity protection prevents the token from being modified
    @6750-5.2-d @6749-7-a @MUST
    Scenario: the protected resource refuses an access token with one character changed
      Given the target has a protected resource
      And the confidential client holds an access token
      When the client calls the protected resource with the access token altered in the middle
      Then the protected resource refuses the altered token

  # The authorization request names no scope, so the server's default decides; a default of
  # every scope offered (scopes_supported / offers.scopes) is what this rule advises against.
  Rule: Tokens are restricted to specific scopes
    @6750-5.2-f @SHOULD
    Scenario: a token requested without scope is not granted every scope
      Given the confidential client holds an access token obtained without a scope parameter
      Then the access token is restricted to specific scopes
