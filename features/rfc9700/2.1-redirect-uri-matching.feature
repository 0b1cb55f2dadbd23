@RFC9700 @section-2.1
Feature: Exact redirect URI matching (RFC 9700 §2.1; OAuth 2.1 §2.3.1)

  RFC 9700 and OAuth 2.1 restate RFC 6749 §3.1.2.3 as exact string matching, with one
  exception: the port of a loopback redirect URI of a native app may vary (RFC 9700 §4.1.3),
  so a changed port is not among the variants checked here.

  Rule: A redirect URI is compared with the registered one by exact string matching
    @9700-2.1-a @oauth21-2.3.1-b @6749-3.1.2.3-c @6749-3.1.2.3-b @6749-3.1.2.4-a @MUST
    Scenario: a redirect URI with a longer path is not an exact match
      Given an authorization request for the confidential client
      And the redirect_uri is the registered one with a longer path
      When the request is sent to the authorization endpoint
      Then the authorization server does not redirect to the redirect_uri

    @9700-2.1-a @oauth21-2.3.1-b @6749-3.1.2.3-c @6749-3.1.2.3-b @6749-3.1.2.4-a @MUST
    Scenario: a redirect URI in another letter case is not an exact match
      Given an authorization request for the confidential client
      And the redirect_uri is the registered one with a different case
      When the request is sent to the authorization endpoint
      Then the authorization server does not redirect to the redirect_uri

    @9700-2.1-a @oauth21-2.3.1-b @6749-3.1.2.3-c @6749-3.1.2.3-b @6749-3.1.2.4-a @MUST
    Scenario: a redirect URI with a trailing slash is not an exact match
      Given an authorization request for the confidential client
      And the redirect_uri is the registered one with a trailing slash
      When the request is sent to the authorization endpoint
      Then the authorization server does not redirect to the redirect_uri

    @9700-2.1-a @oauth21-2.3.1-b @6749-3.1.2.3-c @6749-3.1.2.3-b @6749-3.1.2.4-a @MUST
    Scenario: a redirect URI with an extra query parameter is not an exact match
      Given an authorization request for the confidential client
      And the redirect_uri is the registered one with an extra query parameter
      When the request is sent to the authorization endpoint
      Then the authorization server does not redirect to the redirect_uri
