@RFC7662 @section-2.2
Feature: Introspection response (RFC 7662 §2.2)

  Rule: The response is a JSON object with a boolean active member
    @7662-2.2-a @REQUIRED
    Scenario: an active access token is described with "active": true
      Given the target has an introspection endpoint
      And the confidential client holds an access token
      When the client introspects the access token
      Then the introspection response is a JSON object with active true

  Rule: Optional members, when present, have their defined types
    @7662-2.2-b @MAY
    Scenario: the members describing an active token have their defined types
      Given the target has an introspection endpoint
      And the confidential client holds an access token
      When the client introspects the access token
      Then the introspection response members have their defined types

  Rule: An unknown, inactive or invisible token is answered with active false
    @7662-2.2-c @MUST
    Scenario: an unknown token is reported inactive
      Given the target has an introspection endpoint
      When the confidential client introspects a made-up token
      Then the introspection response says the token is inactive

  Rule: The answer about an inactive token should include no other information
    @7662-2.2-d @SHOULD_NOT
    Scenario: the answer about an unknown token carries nothing but active false
      Given the target has an introspection endpoint
      When the confidential client introspects a made-up token
      Then the introspection response says nothing more about the token
