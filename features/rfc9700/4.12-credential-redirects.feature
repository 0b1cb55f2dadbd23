@RFC9700 @section-4.12
Feature: Redirects after the user's credentials were posted (RFC 9700 §4.12)

  Both sentences are judged on the same redirect in one scenario: a 307 breaks the MUST, and
  judging the SHOULD apart would count that one defect twice.

  Rule: A redirect of a request carrying user credentials does not use 307, and should use 303
    @9700-4.12-a @9700-4.12-b @MUST
    Scenario: the login form's POST is redirected with 303 See Other
      Given an authorization request for the confidential client
      When the resource owner approves the request
      Then the redirect after the login form is not a 307
      And the redirect after the login form is a 303 See Other
