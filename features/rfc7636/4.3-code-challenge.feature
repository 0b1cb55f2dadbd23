@RFC7636 @section-4.3
Feature: The client sends the code challenge (RFC 7636 §4.2, §4.3)

  Rule: A code_challenge is 43 to 128 characters of [A-Za-z0-9-._~]
    # The syntax binds the client (4.2 ABNF); refusing a malformed challenge is preferred, so
    # accepting it is a warning.
    @7636-4.3-a @SHOULD
    Scenario: a 42-character code_challenge gets invalid_request
      Given the target supports PKCE
      And an authorization request for the public client
      And the request has a code_challenge that is too short
      When the request is sent to the authorization endpoint
      Then the client is redirected with error "invalid_request"

    @7636-4.3-a @SHOULD
    Scenario: a code_challenge with '+' gets invalid_request
      Given the target supports PKCE
      And an authorization request for the public client
      And the request has a code_challenge with a character outside the allowed set
      When the request is sent to the authorization endpoint
      Then the client is redirected with error "invalid_request"

  Rule: Without code_challenge_method the challenge is plain
    # A server without plain must refuse such a request instead; this scenario is for servers
    # that support plain.
    @7636-4.3-b @7636-4.6-b @MUST
    Scenario: a challenge without a method is compared as plain
      Given the target supports PKCE method "plain"
      And the public client has an authorization code for a code_challenge sent without code_challenge_method
      When the client exchanges the code
      Then the token endpoint issues an access token
