@RFC9700 @section-4.17.2
Feature: Authorization responses delivered with postMessage (RFC 9700 §4.17.2)

  With response_mode=web_message the server answers the approved request with a page that
  posts the authorization response to the window that opened it. Skipped when the metadata
  does not list web_message in response_modes_supported. The target origin is read from the
  page's postMessage call.

  Rule: The receiver origin is the client's registered origin, matched exactly
    @9700-4.17.2-a @MUST
    Scenario: the response is posted only to the origin of the registered redirect URI
      Given an authorization request for the confidential client
      And the request asks for response_mode "web_message" if the target offers it
      When the resource owner approves the web_message request
      Then the page posts the response only to the origin of the registered redirect URI

  Rule: postMessage never targets the wildcard origin
    @9700-4.17.2-b @MUST
    Scenario: the response is never posted to the wildcard origin
      Given an authorization request for the confidential client
      And the request asks for response_mode "web_message" if the target offers it
      When the resource owner approves the web_message request
      Then the page does not post the response to the wildcard origin "*"
