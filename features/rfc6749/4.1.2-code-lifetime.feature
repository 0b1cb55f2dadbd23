@RFC6749 @section-4.1.2
Feature: Authorization code lifetime (RFC 6749 §4.1.2)

  # One exchange answers both sentences: a code refused once its stated lifetime is over, at
  # most ten minutes after issue, both expires "shortly after it is issued" and meets the
  # ten-minute recommendation. The scenario waits the lifetime of [lifetimes] code_secs (at most
  # ten minutes; ten minutes when none is stated) plus the leeway; a longer wait than
  # limits.max_wait_secs skips it.
  Rule: The authorization code expires shortly after it is issued, within ten minutes
    @6749-4.1.2-b @6749-4.1.2-c @MUST @slow
    Scenario: a code redeemed after its lifetime is refused
      Given the confidential client has an authorization code
      When the authorization code has expired
      And the client exchanges the code
      Then the token endpoint refuses the expired code
