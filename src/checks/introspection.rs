//! Checks on token introspection responses (RFC 7662 §2.2, §2.3).

use serde_json::{Map, Value};

use super::{short, Verdict};
use crate::client::Response;

fn describe(resp: &Response) -> String {
    format!("HTTP {} {}", resp.status, short(&resp.text()))
}

fn object(resp: &Response) -> Option<Map<String, Value>> {
    match resp.json() {
        Ok(Value::Object(m)) => Some(m),
        _ => None,
    }
}

fn is_json(resp: &Response) -> bool {
    resp.content_type()
        .and_then(|c| c.split(';').next())
        .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
}

/// §2.2: an active token is described by HTTP 200, `application/json`, a JSON object whose
/// `active` is the boolean `true`.
pub fn active_token_described(resp: &Response) -> Verdict {
    let want = "HTTP 200, Content-Type application/json, {\"active\": true, …}";
    if resp.status != 200 {
        return Verdict::violated(
            format!("introspection answered HTTP {}", resp.status),
            want,
            describe(resp),
        );
    }
    if !is_json(resp) {
        return Verdict::violated(
            "the introspection response is not application/json",
            want,
            format!("Content-Type: {:?}", resp.content_type().unwrap_or("")),
        );
    }
    let Some(m) = object(resp) else {
        return Verdict::violated(
            "the introspection response is not a JSON object",
            want,
            describe(resp),
        );
    };
    match m.get("active") {
        Some(Value::Bool(true)) => Verdict::Met("HTTP 200 JSON with \"active\": true".into()),
        Some(Value::Bool(false)) => {
            Verdict::violated("the token is reported inactive", want, describe(resp))
        }
        Some(other) => Verdict::violated(
            "`active` is not a JSON boolean",
            want,
            format!("\"active\": {other}"),
        ),
        None => Verdict::violated("the response has no `active` member", want, describe(resp)),
    }
}

/// §2.1: the token was found: HTTP 200 and an `active` member that does not say `false` (its
/// exact type is §2.2's business, checked by [`active_token_described`]).
pub fn token_found(resp: &Response) -> Verdict {
    let want = "HTTP 200 {\"active\": true, …}";
    let active = object(resp).and_then(|m| m.get("active").cloned());
    match (resp.status, active) {
        (200, Some(Value::Bool(false))) => Verdict::violated(
            "the token was not found: it is reported inactive",
            want,
            describe(resp),
        ),
        (200, Some(a)) => Verdict::Met(format!("the token was found (\"active\": {a})")),
        _ => Verdict::violated(
            "introspection gave no answer about the token",
            want,
            describe(resp),
        ),
    }
}

/// §2.2: the optional members, when present, have their defined types: `scope`, `client_id`,
/// `username`, `token_type`, `sub`, `iss`, `jti` strings; `exp`, `iat`, `nbf` integers; `aud`
/// a string or an array of strings; and `client_id` names the client the token was issued to.
pub fn members_well_typed(resp: &Response, client_id: &str) -> Verdict {
    let Some(m) = object(resp) else {
        return Verdict::violated(
            "the introspection response is not a JSON object",
            "a JSON object",
            describe(resp),
        );
    };
    let mut problems = Vec::new();
    for key in [
        "scope",
        "client_id",
        "username",
        "token_type",
        "sub",
        "iss",
        "jti",
    ] {
        if let Some(v) = m.get(key) {
            if !v.is_string() {
                problems.push(format!("{key} is {v}, not a string"));
            }
        }
    }
    for key in ["exp", "iat", "nbf"] {
        if let Some(v) = m.get(key) {
            if !(v.is_u64() || v.is_i64()) {
                problems.push(format!("{key} is {v}, not an integer"));
            }
        }
    }
    if let Some(aud) = m.get("aud") {
        let ok = aud.is_string()
            || aud
                .as_array()
                .is_some_and(|a| a.iter().all(Value::is_string));
        if !ok {
            problems.push(format!("aud is {aud}, not a string or array of strings"));
        }
    }
    if let Some(Value::String(c)) = m.get("client_id") {
        if c != client_id {
            problems.push(format!(
                "client_id is {c:?}, not the issuing client {client_id:?}"
            ));
        }
    }
    if problems.is_empty() {
        Verdict::Met("the members present have their RFC 7662 §2.2 types".into())
    } else {
        Verdict::violated(
            problems.join("; "),
            "scope/client_id/… strings, exp/iat/nbf integers, client_id of the issuing client",
            short(&resp.text()),
        )
    }
}

/// §2.2: an inactive, unknown or revoked token gets HTTP 200 `{"active": false}`.
pub fn reported_inactive(resp: &Response) -> Verdict {
    let want = "HTTP 200 {\"active\": false}";
    let active = object(resp).and_then(|m| m.get("active").cloned());
    match (resp.status, active) {
        (200, Some(Value::Bool(false))) => Verdict::Met("HTTP 200 \"active\": false".into()),
        (200, Some(Value::Bool(true))) => {
            Verdict::violated("the token is reported active", want, describe(resp))
        }
        (200, _) => Verdict::violated(
            "the response has no boolean `active` member",
            want,
            describe(resp),
        ),
        (status, _) => Verdict::violated(
            format!("introspection answered HTTP {status} instead of an inactive-token answer"),
            want,
            describe(resp),
        ),
    }
}

/// §2.2 and §4: about an inactive token the server SHOULD NOT say more than `active`. An error
/// answer says nothing about the token either.
pub fn nothing_more_about_inactive(resp: &Response) -> Verdict {
    let Some(m) = object(resp) else {
        return Verdict::Met("no JSON object, so nothing about the token".into());
    };
    if m.get("active") == Some(&Value::Bool(true)) {
        return Verdict::violated(
            "the token is described as active",
            "{\"active\": false} alone",
            short(&resp.text()),
        );
    }
    let extra: Vec<&str> = m
        .keys()
        .map(String::as_str)
        .filter(|k| !matches!(*k, "active" | "error" | "error_description" | "error_uri"))
        .collect();
    if extra.is_empty() {
        Verdict::Met("nothing beyond \"active\": false".into())
    } else {
        Verdict::violated(
            format!(
                "the answer about an inactive token adds {}",
                extra.join(", ")
            ),
            "{\"active\": false} alone",
            short(&resp.text()),
        )
    }
}

/// §2.1: `token` is REQUIRED; a request without it never describes an active token. A 4xx error
/// is what a malformed request should get; `{"active": false}` is tolerated (7662 defines no
/// error for it).
pub fn missing_token_not_active(resp: &Response) -> Verdict {
    let want = "HTTP 400 invalid_request (or {\"active\": false}), never \"active\": true";
    if (400..500).contains(&resp.status) {
        return Verdict::Met(format!("refused with HTTP {}", resp.status));
    }
    let active = object(resp).and_then(|m| m.get("active").cloned());
    match (resp.status, active) {
        (200, Some(Value::Bool(false))) => {
            Verdict::Met("answered {\"active\": false} (no error, but nothing described)".into())
        }
        _ => Verdict::violated(
            "a request without token was answered as if it named one",
            want,
            describe(resp),
        ),
    }
}

/// §2.1, §4: a caller that does not authenticate gets no answer about the token: a 4xx, or at
/// most a bare `{"active": false}`; never `active: true` nor token metadata.
pub fn unauthenticated_caller_refused(resp: &Response) -> Verdict {
    if (400..500).contains(&resp.status) {
        return Verdict::Met(format!("refused with HTTP {}", resp.status));
    }
    let want = "HTTP 400/401/403 (or a bare {\"active\": false})";
    if resp.status == 200 {
        if let Some(m) = object(resp) {
            if m.get("active") == Some(&Value::Bool(false)) && m.len() == 1 {
                return Verdict::Met(
                    "answered a bare {\"active\": false}: nothing disclosed (recorded)".into(),
                );
            }
        }
        return Verdict::violated(
            "an unauthenticated caller was told about the token",
            want,
            describe(resp),
        );
    }
    Verdict::violated(
        format!("an unauthenticated caller got HTTP {}", resp.status),
        want,
        describe(resp),
    )
}

/// §2.3: invalid caller credentials get HTTP 401 as in RFC 6749 §5.2.
pub fn bad_credentials_get_401(resp: &Response) -> Verdict {
    if resp.status == 401 {
        Verdict::Met("HTTP 401".into())
    } else {
        Verdict::violated(
            format!("invalid client credentials got HTTP {}", resp.status),
            "HTTP 401 {\"error\": \"invalid_client\"}",
            describe(resp),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, content_type: &str, body: &str) -> Response {
        Response {
            status,
            headers: vec![("content-type".into(), content_type.into())],
            body: body.as_bytes().to_vec(),
            truncated: false,
        }
    }

    fn json(status: u16, body: &str) -> Response {
        resp(status, "application/json", body)
    }

    #[test]
    fn active_tokens_need_a_boolean_in_a_json_object() {
        assert!(active_token_described(&json(200, r#"{"active":true}"#)).is_met());
        assert!(active_token_described(&resp(
            200,
            "application/json; charset=utf-8",
            r#"{"active":true}"#
        ))
        .is_met());
        assert!(!active_token_described(&json(200, r#"{"active":"true"}"#)).is_met());
        assert!(!active_token_described(&json(200, r#"{"active":false}"#)).is_met());
        assert!(!active_token_described(&resp(200, "text/plain", r#"{"active":true}"#)).is_met());
        assert!(!active_token_described(&json(401, r#"{"error":"invalid_client"}"#)).is_met());
    }

    #[test]
    fn found_tokens() {
        assert!(token_found(&json(200, r#"{"active":true}"#)).is_met());
        assert!(!token_found(&json(200, r#"{"active":false}"#)).is_met());
        assert!(!token_found(&json(400, r#"{"error":"invalid_request"}"#)).is_met());
    }

    #[test]
    fn member_types() {
        let good = json(
            200,
            r#"{"active":true,"scope":"read","client_id":"c","exp":1,"iat":2,"aud":["x"]}"#,
        );
        assert!(members_well_typed(&good, "c").is_met());
        assert!(!members_well_typed(&good, "other").is_met());
        assert!(!members_well_typed(&json(200, r#"{"active":true,"exp":"1"}"#), "c").is_met());
        assert!(!members_well_typed(&json(200, r#"{"active":true,"scope":["a"]}"#), "c").is_met());
    }

    #[test]
    fn inactive_tokens() {
        assert!(reported_inactive(&json(200, r#"{"active":false}"#)).is_met());
        assert!(!reported_inactive(&json(200, r#"{"active":true}"#)).is_met());
        assert!(!reported_inactive(&json(400, r#"{"error":"invalid_request"}"#)).is_met());
        assert!(!reported_inactive(&json(200, r#"{"active":"false"}"#)).is_met());
        assert!(nothing_more_about_inactive(&json(200, r#"{"active":false}"#)).is_met());
        assert!(nothing_more_about_inactive(&json(400, r#"{"error":"invalid_request"}"#)).is_met());
        assert!(
            !nothing_more_about_inactive(&json(200, r#"{"active":false,"reason":"expired"}"#))
                .is_met()
        );
        assert!(!nothing_more_about_inactive(&json(200, r#"{"active":true}"#)).is_met());
    }

    #[test]
    fn malformed_and_unauthorized_requests() {
        assert!(missing_token_not_active(&json(400, r#"{"error":"invalid_request"}"#)).is_met());
        assert!(missing_token_not_active(&json(200, r#"{"active":false}"#)).is_met());
        assert!(!missing_token_not_active(&json(200, r#"{"active":true}"#)).is_met());
        assert!(!missing_token_not_active(&json(500, "")).is_met());
        assert!(unauthenticated_caller_refused(&json(401, "{}")).is_met());
        assert!(unauthenticated_caller_refused(&json(200, r#"{"active":false}"#)).is_met());
        assert!(!unauthenticated_caller_refused(&json(200, r#"{"active":true}"#)).is_met());
        assert!(
            !unauthenticated_caller_refused(&json(200, r#"{"active":false,"client_id":"c"}"#))
                .is_met()
        );
        assert!(bad_credentials_get_401(&json(401, r#"{"error":"invalid_client"}"#)).is_met());
        assert!(!bad_credentials_get_401(&json(400, r#"{"error":"invalid_client"}"#)).is_met());
    }
}
