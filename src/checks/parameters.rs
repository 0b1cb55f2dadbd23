//! Checks on request and response parameters in general (RFC 6749 §3.1, §3.2): empty values
//! count as omitted, and no parameter appears twice in a response.

use std::collections::BTreeSet;
use std::fmt;

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};

use super::{short, Verdict};
use crate::client::Response;
use crate::login::FrontChannelOutcome;
use crate::protocol::redirect::AuthorizationRedirect;

/// 6749-3.1-i: no parameter name appears twice in the query or in the fragment of a redirect.
pub fn redirect_without_repeats(redirect: &AuthorizationRedirect) -> Verdict {
    for (component, pairs) in [("query", &redirect.query), ("fragment", &redirect.fragment)] {
        if let Some(name) = first_repeated(pairs.iter().map(|(k, _)| k.as_str())) {
            return Verdict::violated(
                format!("the redirect repeats the parameter {name} in its {component}"),
                "each response parameter at most once",
                short(&redirect.location),
            );
        }
    }
    Verdict::Met("no parameter of the redirect appears twice".into())
}

/// 6749-3.1-i (§3.2): no member name appears twice in a JSON object response. A JSON parser
/// keeps one of the two values, so this reads the raw text.
pub fn json_without_repeats(resp: &Response) -> Verdict {
    let text = resp.text();
    match serde_json::from_str::<TopLevelKeys>(&text) {
        Ok(TopLevelKeys(keys)) => match first_repeated(keys.iter().map(String::as_str)) {
            Some(name) => Verdict::violated(
                format!("the JSON response has the member {name} twice"),
                "each response parameter at most once",
                short(&text),
            ),
            None => Verdict::Met("no member of the JSON response appears twice".into()),
        },
        Err(e) => Verdict::violated(
            "the response is not a JSON object",
            "a JSON object whose members appear once",
            format!("HTTP {}: {e}", resp.status),
        ),
    }
}

fn first_repeated<'a>(names: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let mut seen = BTreeSet::new();
    names.into_iter().find(|name| !seen.insert(*name))
}

/// The member names of a JSON object, in order, repeats kept.
struct TopLevelKeys(Vec<String>);

impl<'de> Deserialize<'de> for TopLevelKeys {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeysVisitor;
        impl<'de> Visitor<'de> for KeysVisitor {
            type Value = TopLevelKeys;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TopLevelKeys, A::Error> {
                let mut keys = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    map.next_value::<IgnoredAny>()?;
                    keys.push(key);
                }
                Ok(TopLevelKeys(keys))
            }
        }
        deserializer.deserialize_map(KeysVisitor)
    }
}

/// What an authorization request came to, in the terms §3.1-f compares: a code, an error
/// code, or a page.
pub fn front_channel_answer(outcome: &FrontChannelOutcome) -> String {
    match outcome {
        FrontChannelOutcome::Redirected { location } => {
            match AuthorizationRedirect::parse(location) {
                Ok(r) => match (r.param_anywhere("error"), r.param_anywhere("code")) {
                    (Some(e), _) => format!("an error redirect with error={e}"),
                    (None, Some(_)) => "a redirect with an authorization code".into(),
                    (None, None) => "a redirect with neither code nor error".into(),
                },
                Err(_) => format!("a redirect to {}", short(location)),
            }
        }
        FrontChannelOutcome::Page { status, .. } => format!("an HTTP {status} page"),
        FrontChannelOutcome::LoginPage { .. } => "the login page".into(),
    }
}

/// What a token request came to, in the terms §3.2-d compares: a token or an error code.
pub fn token_answer(resp: &Response) -> String {
    let json = resp.json().ok();
    let member = |name: &str| {
        json.as_ref()
            .and_then(|v| v.get(name))
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    match (member("access_token"), member("error")) {
        (Some(_), _) if resp.status == 200 => "HTTP 200 with an access token".into(),
        (_, Some(e)) => format!("HTTP {} error={e}", resp.status),
        _ => format!("HTTP {} without token or error", resp.status),
    }
}

/// 6749-3.1-f / 6749-3.2-d: a request whose parameters were sent with empty values gets the
/// same answer as the same request with those parameters left out.
pub fn same_answer(with_empty: &str, without: &str, names: &str) -> Verdict {
    if with_empty == without {
        Verdict::Met(format!(
            "empty {names} was treated as omitted: both requests got {with_empty}"
        ))
    } else {
        Verdict::violated(
            format!("an empty {names} was not treated as omitted"),
            format!("the same answer as without {names}: {without}"),
            with_empty.to_string(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(body: &str) -> Response {
        Response {
            status: 200,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.as_bytes().to_vec(),
            truncated: false,
        }
    }

    #[test]
    fn repeated_redirect_parameters_fail() {
        let once = AuthorizationRedirect::parse("http://c/cb?code=a&state=s").unwrap();
        assert!(redirect_without_repeats(&once).is_met());
        let twice = AuthorizationRedirect::parse("http://c/cb?code=a&state=s&state=s").unwrap();
        assert!(!redirect_without_repeats(&twice).is_met());
        let fragment = AuthorizationRedirect::parse("http://c/cb#error=x&error=y").unwrap();
        assert!(!redirect_without_repeats(&fragment).is_met());
    }

    #[test]
    fn repeated_json_members_fail_though_parsers_hide_them() {
        assert!(
            json_without_repeats(&json(r#"{"access_token":"a","token_type":"Bearer"}"#)).is_met()
        );
        let doubled = json(r#"{"token_type":"Bearer","access_token":"a","token_type":"Bearer"}"#);
        assert!(doubled.json().is_ok());
        assert!(!json_without_repeats(&doubled).is_met());
        assert!(!json_without_repeats(&json("[1,2]")).is_met());
        // Nested objects may reuse names of the outer one.
        assert!(json_without_repeats(&json(r#"{"a":{"a":1},"b":{"a":2}}"#)).is_met());
    }

    #[test]
    fn answers_are_compared_by_kind() {
        let code = FrontChannelOutcome::Redirected {
            location: "http://c/cb?code=a".into(),
        };
        let scope_error = FrontChannelOutcome::Redirected {
            location: "http://c/cb?error=invalid_scope".into(),
        };
        assert!(same_answer(
            &front_channel_answer(&code),
            &front_channel_answer(&code),
            "scope"
        )
        .is_met());
        assert!(!same_answer(
            &front_channel_answer(&scope_error),
            &front_channel_answer(&code),
            "scope"
        )
        .is_met());
        let token = json(r#"{"access_token":"a"}"#);
        let mut error = json(r#"{"error":"invalid_scope"}"#);
        error.status = 400;
        assert!(same_answer(&token_answer(&token), &token_answer(&token), "scope").is_met());
        assert!(!same_answer(&token_answer(&error), &token_answer(&token), "scope").is_met());
    }
}
