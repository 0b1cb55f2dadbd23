@RFC6750 @section-3
Feature: The WWW-Authenticate response header (RFC 6750 §3)

  Rule: A request without credentials gets a Bearer challenge
    @6750-3-a @MUST
    Scenario: a request without a token gets 401 with WWW-Authenticate Bearer
      Given the target has a protected resource
      When the client calls the protected resource without a token
      Then the protected resource answers 401 with a Bearer challenge

  # §3: the header is required also when the token "does not enable access": a token lacking the
  # scope the resource needs gets the challenge too, whatever the status (403 in §3.1).
  Rule: A request whose token lacks the needed scope gets a Bearer challenge too
    @6750-3-a @MUST
    Scenario: a token lacking the scope the resource needs is refused with WWW-Authenticate Bearer
      Given the target has a protected resource
      And the confidential client holds an access token for a scope the protected resource does not accept
      When the client calls the protected resource with the token in the Authorization header
      Then the refusal carries a Bearer challenge

  Rule: The Bearer auth-scheme is followed by one or more auth-param values
    @6750-3-b @MUST
    Scenario: the challenge to a request without a token carries an auth-param
      Given the target has a protected resource
      When the client calls the protected resource without a token
      Then the Bearer challenge carries an auth-param

  Rule: The realm, scope, error, error_description and error_uri attributes appear at most once
    @6750-3-c @MUST
    Scenario: the challenge to an invalid token repeats no attribute
      Given the target has a protected resource
      When the client calls the protected resource with an invalid token
      Then no attribute of the Bearer challenge is repeated

  Rule: Attribute values use only the characters §3 allows
    @6750-3-e @MUST
    Scenario: the attributes of the challenge to an invalid token use only allowed characters
      Given the target has a protected resource
      When the client calls the protected resource with an invalid token
      Then the Bearer challenge attributes use only the allowed characters

  # The lifetime is [lifetimes] access_token_secs of the target config, else expires_in.
  Rule: A challenge to a request whose token failed includes the error attribute
    @6750-3-d @SHOULD @slow
    Scenario: the challenge to an expired token says why it failed
      Given the target has a protected resource
      And the confidential client holds an access token
      When the access token has expired
      And the client calls the protected resource with the token in the Authorization header
      Then the Bearer challenge says why the token failed
