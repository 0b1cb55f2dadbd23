@RFC6749 @section-4.3 @profile-rfc6749
Feature: Resource owner password credentials grant (RFC 6749 §4.3)

  Only for servers that offer the grant (grant_types_supported or offers.grant_types): OAuth 2.1
  removes it, and the reference server offers it only with its password_grant option.

  Rule: The server authenticates confidential clients that use the password grant
    @6749-4.3.2-a @6749-2.2-a @MUST
    Scenario: a confidential client sending only its client_id gets no token for the password grant
      Given the target offers the "password" grant
      And a token request for a client allowed the password grant with grant_type "password"
      And the token request carries the resource owner's username and the right password
      And the client sends only its client_id
      When the token request is sent
      Then the token endpoint refuses with error "invalid_client"

  Rule: The server validates the resource owner's password
    @6749-4.3.2-b @MUST
    Scenario: a wrong password gets invalid_grant
      Given the target offers the "password" grant
      And a token request for a client allowed the password grant with grant_type "password"
      And the token request carries the resource owner's username and a wrong password
      When the token request is sent
      Then the token endpoint refuses with error "invalid_grant"
