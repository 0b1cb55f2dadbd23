@RFC9700 @section-2.4 @profile-oauth2.1
Feature: Resource owner password credentials grant (RFC 9700 §2.4)

  RFC 6749 §4.3 defines the grant; RFC 9700 forbids it and OAuth 2.1 drops it, so this runs
  only under the oauth2.1 profile.

  Rule: The resource owner password credentials grant MUST NOT be used
    @9700-2.4-a @oauth21-10-a @MUST
    Scenario: the password grant with the test user's real credentials is refused
      Given a token request for the confidential client with grant_type "password"
      And the token request carries the test user's username and password
      When the token request is sent
      Then the token endpoint does not honour the password grant
