@RFC6749 @section-3.1.2.3
Feature: Redirection URI matching (RFC 6749 §3.1.2.3, §3.1.2.4)

  The authorization server compares a redirect_uri in the request with the registered ones by
  simple string comparison, and never sends the browser to a URI that did not match: it tells
  the resource owner instead.

  Rule: A supplied redirect_uri must match a registered one exactly, and a mismatch is not redirected
    @6749-3.1.2.3-c @6749-3.1.2.3-b @6749-3.1.2.4-a @MUST
    Scenario: a redirect_uri extended with a longer path is refused without redirecting
      Given an authorization request for the confidential client
      And the redirect_uri is the registered one with a longer path
      When the request is sent to the authorization endpoint
      Then the authorization server does not redirect to the redirect_uri

    @6749-3.1.2.3-c @6749-3.1.2.3-b @6749-3.1.2.4-a @MUST
    Scenario: a redirect_uri differing in case is refused without redirecting
      Given an authorization request for the confidential client
      And the redirect_uri is the registered one with a different case
      When the request is sent to the authorization endpoint
      Then the authorization server does not redirect to the redirect_uri

    @6749-3.1.2.3-c @6749-3.1.2.3-b @6749-3.1.2.4-a @MUST
    Scenario: a redirect_uri with an added trailing slash is refused without redirecting
      Given an authorization request for the confidential client
      And the redirect_uri is the registered one with a trailing slash
      When the request is sent to the authorization endpoint
      Then the authorization server does not redirect to the redirect_uri

    @6749-3.1.2.3-c @6749-3.1.2.3-b @6749-3.1.2.4-a @MUST
    Scenario: a redirect_uri with an extra query parameter is refused without redirecting
      Given an authorization request for the confidential client
      And the redirect_uri is the registered one with an extra query parameter
      When the request is sent to the authorization endpoint
      Then the authorization server does not redirect to the redirect_uri

    @6749-3.1.2.3-c @6749-3.1.2.3-b @6749-3.1.2.4-a @MUST
    Scenario: a redirect_uri on another port is refused without redirecting
      Given an authorization request for the confidential client
      And the redirect_uri is the registered one with another port
      When the request is sent to the authorization endpoint
      Then the authorization server does not redirect to the redirect_uri

    @6749-3.1.2.3-b @6749-3.1.2.4-a @MUST
    Scenario: a redirect_uri on an unregistered host is refused without redirecting
      Given an authorization request for the confidential client
      And the redirect_uri is on an unregistered host
      When the request is sent to the authorization endpoint
      Then the authorization server does not redirect to the redirect_uri

  Rule: With several registered redirection URIs the request must say which one
    @6749-3.1.2.3-a @6749-3.1.2.4-a @MUST
    Scenario: a request without redirect_uri is refused when several are registered
      Given an authorization request for a client with several redirect URIs
      And the request has no redirect_uri
      When the request is sent to the authorization endpoint
      Then the authorization server does not redirect to any redirect URI
