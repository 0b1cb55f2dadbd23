@OAuth21 @section-5.1 @profile-oauth2.1
Feature: No access tokens in the URI query (OAuth 2.1 §5.1)

  RFC 6750 §2.3 let resource servers accept ?access_token=; OAuth 2.1 removes it, so this runs
  only under the oauth2.1 profile.

  Rule: Access tokens in the URI query are not accepted
    @oauth21-5.1-a @MUST
    Scenario: a valid access token in the query gets no resource data
      Given the target has a protected resource
      And the confidential client holds an access token
      When the client calls the protected resource with the token in the URI query
      Then the protected resource does not honour the query token
