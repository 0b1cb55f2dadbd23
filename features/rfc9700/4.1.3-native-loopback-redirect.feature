@RFC9700 @section-4.1.3
Feature: Loopback redirect URIs of native apps (RFC 9700 §4.1.3; OAuth 2.1 §8.4.2; RFC 8252 §7.3)

  A native app receiving its code on a loopback IP redirect URI listens on whatever port the
  operating system gives it, so the server must accept the registered URI with any port. Only
  for targets whose config names a native client (`native = true`); web clients keep exact
  matching, port included (RFC 6749 §3.1.2.3, RFC 9700 §2.1).

  Rule: Loopback redirect URIs of native apps accept any port number
    @9700-4.1.3-a @MUST
    Scenario: the registered loopback URI with an ephemeral port gets the code
      Given an authorization request for a native client
      And the redirect_uri is the registered loopback one on an ephemeral port
      When the request is sent to the authorization endpoint
      Then the client is redirected to that port with an authorization code
