@RFC6749 @section-4.2 @profile-rfc6749
Feature: Implicit grant (RFC 6749 §4.2)

  Only for servers that offer response_type=token (response_types_supported): OAuth 2.1
  removes the grant, and the reference server offers it only with its implicit_grant option.

  Rule: The access token goes only to a registered redirection URI, and an invalid one is not redirected
    @6749-4.2.1-a @6749-4.2.2.1-a @6749-3.1.2.3-b @6749-3.1.2.4-a @MUST
    Scenario: an implicit request with an unregistered redirect_uri is refused without redirecting
      Given the target offers the "token" response type
      And an authorization request for the confidential client
      And the request has response_type "token"
      And the redirect_uri is on an unregistered host
      When the request is sent to the authorization endpoint
      Then the authorization server does not redirect to the redirect_uri

  Rule: The access token and state are added to the fragment
    @6749-4.2.2-a @MUST
    Scenario: the implicit response puts the access token in the fragment
      Given the target offers the "token" response type
      And an authorization request for the confidential client
      And the request has response_type "token"
      When the resource owner approves the request
      Then the access token and state are in the fragment of the redirection URI

  Rule: The implicit grant never issues a refresh token
    @6749-4.2.2-b @MUST
    Scenario: the implicit response has no refresh_token
      Given the target offers the "token" response type
      And an authorization request for the confidential client
      And the request has response_type "token"
      When the resource owner approves the request
      Then the redirect carries no refresh_token of the redirection URI

  Rule: Implicit errors are returned in the fragment, with state
    @6749-4.2.2.1-b @MUST
    Scenario: a denied implicit request gets the error and state in the fragment
      Given the target offers the "token" response type
      And an authorization request for the confidential client
      And the request has response_type "token"
      When the resource owner denies the request
      Then the error and state are in the fragment of the redirection URI
