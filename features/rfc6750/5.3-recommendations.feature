@RFC6750 @section-5.3
Feature: Summary of recommendations (RFC 6750 §5.3)

  Rule: Bearer tokens are short-lived, one hour or less
    @6750-5.3-a @SHOULD
    Scenario: access tokens are issued for an hour or less
      Given the confidential client holds an access token
      Then the access token lives an hour or less

  # Every Set-Cookie header seen while the token was obtained is looked at; a cookie carrying the
  # token must have the Secure attribute (HttpOnly is recorded, not required).
  Rule: Bearer tokens are not stored in cookies that can be sent in the clear
    @6750-5.3-c @MUST
    Scenario: no cookie carries the access token without the Secure attribute
      Given the confidential client holds an access token
      Then no cookie set during the flow carries the access token without the Secure attribute

  # The audience is read from introspection (aud), else from a JWT access token; resource.audience
  # in the target config names the value expected. An opaque token with no visible audience is
  # skipped, not failed.
  Rule: Issued bearer tokens carry an audience restriction
    @6750-5.3-b @SHOULD
    Scenario: the access token is restricted to the protected resource
      Given the target has an introspection endpoint
      And the confidential client holds an access token
      When the client introspects the access token
      Then the access token is restricted to the protected resource's audience
