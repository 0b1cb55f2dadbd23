@RFC6749 @section-10.14
Feature: Code injection and input validation (RFC 6749 §10.14)

  Rule: Values received, state and redirect_uri in particular, are sanitised and validated
    @6749-10.14-a @MUST
    Scenario: a state holding markup is never put raw into a page
      Given an authorization request for the confidential client
      And the request has state "<script>alert('oauth2spec')</script>"
      When the resource owner approves the request
      Then no page showed the state unescaped

    # Refusing it is also what §3.1.2.3 and §3.1.2.4 require of any unregistered URI.
    @6749-10.14-a @6749-3.1.2.3-b @6749-3.1.2.4-a @MUST
    Scenario: a javascript: redirect_uri is refused without a redirect
      Given an authorization request for the confidential client
      And the request has redirect_uri "javascript:alert(1)"
      When the request is sent to the authorization endpoint
      Then the authorization server does not redirect to the redirect_uri
