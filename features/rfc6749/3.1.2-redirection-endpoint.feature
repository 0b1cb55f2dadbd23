@RFC6749 @section-3.1.2
Feature: Redirection endpoint (RFC 6749 §3.1.2, §3.1.2.2, §3.1.2.4)

  Rule: The redirection endpoint URI must be an absolute URI
    @6749-3.1.2-a @MUST
    Scenario: a relative redirect_uri is refused without redirecting
      Given an authorization request for the confidential client
      And the redirect_uri is the path of the registered one, without scheme and host
      When the request is sent to the authorization endpoint
      Then the authorization server does not redirect to the redirect_uri

  Rule: The redirection endpoint URI must not include a fragment
    @6749-3.1.2-b @6749-3.1.2.3-c @6749-3.1.2.3-b @6749-3.1.2.4-a @MUST
    Scenario: a redirect_uri with a fragment is refused without redirecting
      Given an authorization request for the confidential client
      And the redirect_uri is the registered one with a fragment added
      When the request is sent to the authorization endpoint
      Then the authorization server does not redirect to the redirect_uri

  Rule: A query component of the redirection URI is retained
    @6749-3.1.2-c @MUST
    Scenario: the code is added to the query of a redirect URI that has one
      Given an authorization request for a client whose redirect URI has a query
      When the resource owner approves the request
      Then the redirect keeps the query of the registered redirect URI

  Rule: Public clients must register their redirection URIs
    @6749-3.1.2.2-a @6749-3.1.2.3-b @6749-3.1.2.4-a @MUST
    Scenario: a public client cannot use a redirect_uri it did not register
      Given an authorization request for the public client
      And the redirect_uri is on an unregistered host
      When the request is sent to the authorization endpoint
      Then the authorization server does not redirect to the redirect_uri

  Rule: The resource owner is told about an invalid redirection URI
    @6749-3.1.2.4-b @SHOULD
    Scenario: the page shown for an unregistered redirect_uri explains the error
      Given an authorization request for the confidential client
      And the redirect_uri is on an unregistered host
      When the request is sent to the authorization endpoint
      Then the page tells the resource owner what went wrong
