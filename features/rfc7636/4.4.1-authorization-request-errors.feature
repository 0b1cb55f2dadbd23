@RFC7636 @section-4.4.1
Feature: PKCE errors at the authorization endpoint (RFC 7636 §4.4.1)

  Rule: A server that requires PKCE refuses a request without a code challenge
    @7636-4.4.1-a @MUST
    Scenario: a public client without code_challenge gets invalid_request
      Given the target requires PKCE for public clients
      And an authorization request for the public client
      And the request has no code challenge
      When the request is sent to the authorization endpoint
      Then the client is redirected with error "invalid_request"

  Rule: An unsupported transformation is refused
    @7636-4.4.1-c @MUST
    Scenario: an unknown code_challenge_method gets invalid_request
      Given the target supports PKCE
      And an authorization request for the public client
      And the request has code_challenge_method "oauth2spec-S512"
      When the request is sent to the authorization endpoint
      Then the client is redirected with error "invalid_request"

  Rule: The error for a missing challenge should say a challenge is required
    # The first Then is 4.4.1-a's check, so that tag too.
    @7636-4.4.1-b @7636-4.4.1-a @SHOULD
    Scenario: the missing-challenge error explains itself
      Given the target requires PKCE for public clients
      And an authorization request for the public client
      And the request has no code challenge
      When the request is sent to the authorization endpoint
      Then the client is redirected with error "invalid_request"
      And the error explains that a code challenge is required

  Rule: The error for an unsupported method should say the transform is not supported
    # The first Then is 4.4.1-c's check, so that tag too.
    @7636-4.4.1-d @7636-4.4.1-c @SHOULD
    Scenario: the unsupported-method error explains itself
      Given the target supports PKCE
      And an authorization request for the public client
      And the request has code_challenge_method "oauth2spec-S512"
      When the request is sent to the authorization endpoint
      Then the client is redirected with error "invalid_request"
      And the error explains that the challenge method is not supported
