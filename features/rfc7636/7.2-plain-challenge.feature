@RFC7636 @section-7.2
Feature: Protection of a plain code challenge (RFC 7636 §7.2)

  Rule: A plain challenge kept in the code must be encrypted
    # With plain, the challenge is the verifier: reading it from the code defeats PKCE.
    @7636-7.2-a @MUST
    Scenario: the code does not reveal a plain challenge
      Given the target supports PKCE method "plain"
      And the public client has an authorization code with PKCE method "plain"
      Then the authorization code does not reveal the code challenge
