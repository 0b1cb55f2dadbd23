//! Checks on token endpoint responses (RFC 6749 §5.1, §5.2, §2.3.1).

use serde_json::Value;

use super::{short, Verdict};
use crate::client::Response;
use crate::protocol::{is_error_charset, TOKEN_ERRORS};

fn json_object(resp: &Response) -> Result<serde_json::Map<String, Value>, String> {
    match resp.json() {
        Ok(Value::Object(m)) => Ok(m),
        Ok(other) => Err(format!("a JSON {} instead of an object", json_kind(&other))),
        Err(e) => Err(e.to_string()),
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn describe(resp: &Response) -> String {
    let body = short(&resp.text());
    format!("HTTP {} {}", resp.status, body)
}

/// §5.1: HTTP 200, a JSON object with a non-empty `access_token` string.
pub fn token_issued(resp: &Response) -> Verdict {
    let want = "HTTP 200 with a JSON object holding access_token";
    if resp.status != 200 {
        return Verdict::violated("no token was issued", want, describe(resp));
    }
    match json_object(resp) {
        Err(e) => Verdict::violated("the token response is not a JSON object", want, e),
        Ok(m) => match m.get("access_token") {
            Some(Value::String(s)) if !s.is_empty() => {
                Verdict::Met("HTTP 200 with an access_token".into())
            }
            Some(v) => Verdict::violated(
                "access_token is not a non-empty string",
                want,
                format!("access_token is a {}", json_kind(v)),
            ),
            None => Verdict::violated(
                "the token response has no access_token",
                want,
                describe(resp),
            ),
        },
    }
}

/// §5.1: `token_type` is present.
pub fn has_token_type(resp: &Response) -> Verdict {
    match json_object(resp).map(|m| m.get("token_type").cloned()) {
        Ok(Some(Value::String(t))) if !t.is_empty() => Verdict::Met(format!("token_type={t}")),
        Ok(Some(v)) => Verdict::violated(
            "token_type is not a string",
            "a token_type string",
            format!("a {}", json_kind(&v)),
        ),
        Ok(None) => Verdict::violated(
            "the token response has no token_type",
            "token_type (e.g. \"Bearer\")",
            "no token_type member",
        ),
        Err(e) => Verdict::violated(
            "the token response is not a JSON object",
            "a JSON object",
            e,
        ),
    }
}

/// §5.1 (RECOMMENDED): `expires_in`, a JSON number of seconds.
pub fn has_expires_in(resp: &Response) -> Verdict {
    match json_object(resp).map(|m| m.get("expires_in").cloned()) {
        Ok(Some(Value::Number(n))) => Verdict::Met(format!("expires_in={n}")),
        Ok(Some(v)) => Verdict::violated(
            "expires_in is not a number",
            "expires_in as a JSON number",
            format!("a {}: {v}", json_kind(&v)),
        ),
        Ok(None) => Verdict::violated(
            "the token response has no expires_in",
            "expires_in (lifetime in seconds)",
            "no expires_in member",
        ),
        Err(e) => Verdict::violated(
            "the token response is not a JSON object",
            "a JSON object",
            e,
        ),
    }
}

/// §5.1: `Cache-Control: no-store` and `Pragma: no-cache`.
pub fn forbids_caching(resp: &Response) -> Verdict {
    let cc = resp.header_all("cache-control").join(", ");
    let pragma = resp.header_all("pragma").join(", ");
    let has = |h: &str, token: &str| h.split(',').any(|d| d.trim().eq_ignore_ascii_case(token));
    let mut missing = Vec::new();
    if !has(&cc, "no-store") {
        missing.push("Cache-Control: no-store");
    }
    if !has(&pragma, "no-cache") {
        missing.push("Pragma: no-cache");
    }
    if missing.is_empty() {
        Verdict::Met("Cache-Control: no-store and Pragma: no-cache".into())
    } else {
        Verdict::violated(
            format!("the token response lacks {}", missing.join(" and ")),
            "Cache-Control: no-store and Pragma: no-cache",
            format!("Cache-Control: {:?}, Pragma: {:?}", cc, pragma),
        )
    }
}

/// §4.4.3: no refresh token for client credentials.
pub fn no_refresh_token(resp: &Response) -> Verdict {
    match json_object(resp) {
        Ok(m) if m.contains_key("refresh_token") => Verdict::violated(
            "a refresh_token was issued",
            "no refresh_token",
            "a refresh_token member",
        ),
        Ok(_) => Verdict::Met("no refresh_token".into()),
        Err(e) => Verdict::violated(
            "the token response is not a JSON object",
            "a JSON object",
            e,
        ),
    }
}

/// §5.2: refused with HTTP 400 (401 for invalid_client) and a JSON `error` that is `expected`
/// (`None`: any §5.2 code); the error text uses the allowed characters.
pub fn token_error(resp: &Response, expected: Option<&str>) -> Verdict {
    let want = match expected {
        Some("invalid_client") => {
            "HTTP 400 or 401 with {\"error\": \"invalid_client\"}".to_string()
        }
        Some(e) => format!("HTTP 400 with {{\"error\": \"{e}\"}}"),
        None => "HTTP 400 with a §5.2 error code".to_string(),
    };
    if (200..300).contains(&resp.status) {
        let what = if json_object(resp).is_ok_and(|m| m.contains_key("access_token")) {
            "a token was issued"
        } else {
            "the request succeeded"
        };
        return Verdict::violated(
            format!("the request was not refused: {what}"),
            want,
            describe(resp),
        );
    }
    let m = match json_object(resp) {
        Ok(m) => m,
        Err(e) => {
            return Verdict::violated(
                "the error response is not a JSON object",
                want,
                format!("HTTP {}: {e}", resp.status),
            )
        }
    };
    let Some(error) = m.get("error").and_then(Value::as_str) else {
        return Verdict::violated(
            "the error response has no `error` string",
            want,
            describe(resp),
        );
    };
    if let Some(e) = expected {
        if error != e {
            return Verdict::violated(
                format!("the error code is {error}, not {e}"),
                want,
                describe(resp),
            );
        }
    } else if !TOKEN_ERRORS.contains(&error) {
        return Verdict::violated(
            format!("{error} is not an RFC 6749 §5.2 error code"),
            want,
            describe(resp),
        );
    }
    let status_ok = resp.status == 400 || (error == "invalid_client" && resp.status == 401);
    if !status_ok {
        return Verdict::violated(
            format!("error {error} came with HTTP {}", resp.status),
            want,
            describe(resp),
        );
    }
    for key in ["error", "error_description"] {
        if let Some(s) = m.get(key).and_then(Value::as_str) {
            if !is_error_charset(s) {
                return Verdict::violated(
                    format!("{key} has characters outside %x20-21 / %x23-5B / %x5D-7E"),
                    want,
                    format!("{key}={s:?}"),
                );
            }
        }
    }
    Verdict::Met(format!("HTTP {} error={error}", resp.status))
}

/// A token request that fails only for lack of a valid grant shows the client authenticated:
/// either it succeeded, or it failed with an error other than `invalid_client`.
pub fn client_authenticated(resp: &Response) -> Verdict {
    if resp.status == 200 {
        return Verdict::Met("the request succeeded".into());
    }
    let error = json_object(resp)
        .ok()
        .and_then(|m| m.get("error").and_then(Value::as_str).map(str::to_string));
    match error.as_deref() {
        Some("invalid_client") => Verdict::violated(
            "the client was not authenticated",
            "any answer but invalid_client",
            describe(resp),
        ),
        _ if resp.status == 401 => Verdict::violated(
            "the client was not authenticated (HTTP 401)",
            "any answer but 401 invalid_client",
            describe(resp),
        ),
        Some(e) => Verdict::Met(format!(
            "authenticated (the request then failed with {e}, as the grant was made up)"
        )),
        None => Verdict::violated(
            "the response is not an OAuth error or token response",
            "HTTP 200, or 400 with a JSON error other than invalid_client",
            describe(resp),
        ),
    }
}

/// §5.2: failed authentication through the Authorization header gets 401 and a challenge for
/// the scheme used.
pub fn auth_challenge(resp: &Response, scheme: &str) -> Verdict {
    let challenges = resp.header_all("www-authenticate");
    let want = format!("HTTP 401 with WWW-Authenticate: {scheme} …");
    if resp.status != 401 {
        return Verdict::violated(
            format!("HTTP {} instead of 401", resp.status),
            want,
            describe(resp),
        );
    }
    if challenges.iter().any(|c| {
        c.trim_start()
            .to_ascii_lowercase()
            .starts_with(&scheme.to_ascii_lowercase())
    }) {
        Verdict::Met(format!("401 with a {scheme} challenge"))
    } else if challenges.is_empty() {
        Verdict::violated(
            "no WWW-Authenticate header",
            want,
            "HTTP 401 without WWW-Authenticate",
        )
    } else {
        Verdict::violated(
            format!("no {scheme} challenge"),
            want,
            format!("WWW-Authenticate: {}", challenges.join(" | ")),
        )
    }
}

/// Any refusal: a 4xx answer that issued no token (for cases where RFC 6749 leaves the exact
/// code open, e.g. a missing redirect_uri or code_verifier).
pub fn refused(resp: &Response) -> Verdict {
    if (400..500).contains(&resp.status)
        && !json_object(resp).is_ok_and(|m| m.contains_key("access_token"))
    {
        let error = json_object(resp)
            .ok()
            .and_then(|m| m.get("error").and_then(Value::as_str).map(str::to_string));
        return match error {
            Some(e) if TOKEN_ERRORS.contains(&e.as_str()) => {
                Verdict::Met(format!("refused with HTTP {} error={e}", resp.status))
            }
            Some(e) => Verdict::violated(
                format!("{e} is not an RFC 6749 §5.2 error code"),
                "a §5.2 error (invalid_request or invalid_grant)",
                describe(resp),
            ),
            None => Verdict::violated(
                "the refusal has no JSON `error`",
                "HTTP 400 with a JSON error",
                describe(resp),
            ),
        };
    }
    Verdict::violated(
        "the request was not refused",
        "HTTP 400 with invalid_request or invalid_grant, no token",
        describe(resp),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn resp(status: u16, headers: &[(&str, &str)], body: &str) -> Response {
        Response {
            status,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), v.to_string()))
                .collect(),
            body: body.as_bytes().to_vec(),
            truncated: false,
        }
    }

    const JSON: (&str, &str) = ("content-type", "application/json");

    #[test]
    fn token_issued_needs_200_json_and_access_token() {
        assert!(token_issued(&resp(
            200,
            &[JSON],
            r#"{"access_token":"a","token_type":"Bearer"}"#
        ))
        .is_met());
        assert!(!token_issued(&resp(400, &[JSON], r#"{"error":"invalid_grant"}"#)).is_met());
        assert!(!token_issued(&resp(200, &[("content-type", "text/html")], "<html>")).is_met());
        assert!(!token_issued(&resp(200, &[JSON], r#"{"token_type":"Bearer"}"#)).is_met());
    }

    #[test]
    fn token_type_and_expires_in() {
        assert!(has_token_type(&resp(
            200,
            &[JSON],
            r#"{"access_token":"a","token_type":"Bearer"}"#
        ))
        .is_met());
        assert!(!has_token_type(&resp(200, &[JSON], r#"{"access_token":"a"}"#)).is_met());
        assert!(has_expires_in(&resp(200, &[JSON], r#"{"expires_in":3600}"#)).is_met());
        assert!(!has_expires_in(&resp(200, &[JSON], r#"{"expires_in":"3600"}"#)).is_met());
        assert!(!has_expires_in(&resp(200, &[JSON], r#"{}"#)).is_met());
    }

    #[test]
    fn caching_needs_both_headers() {
        assert!(forbids_caching(&resp(
            200,
            &[("cache-control", "no-store"), ("pragma", "no-cache")],
            "{}"
        ))
        .is_met());
        assert!(!forbids_caching(&resp(200, &[("cache-control", "no-store")], "{}")).is_met());
        assert!(!forbids_caching(&resp(200, &[], "{}")).is_met());
    }

    #[test]
    fn token_error_checks_code_and_status() {
        let bad_grant = resp(400, &[JSON], r#"{"error":"invalid_grant"}"#);
        assert!(token_error(&bad_grant, Some("invalid_grant")).is_met());
        assert!(!token_error(&bad_grant, Some("invalid_request")).is_met());
        assert!(token_error(
            &resp(401, &[JSON], r#"{"error":"invalid_client"}"#),
            Some("invalid_client")
        )
        .is_met());
        assert!(!token_error(
            &resp(401, &[JSON], r#"{"error":"invalid_grant"}"#),
            Some("invalid_grant")
        )
        .is_met());
        assert!(!token_error(
            &resp(200, &[JSON], r#"{"access_token":"x"}"#),
            Some("invalid_grant")
        )
        .is_met());
        assert!(!token_error(
            &resp(400, &[("content-type", "text/html")], "<p>oops</p>"),
            None
        )
        .is_met());
        assert!(!token_error(
            &resp(
                400,
                &[JSON],
                r#"{"error":"invalid_grant","error_description":"bad \"code\""}"#
            ),
            None
        )
        .is_met());
    }

    #[test]
    fn authentication_and_challenges() {
        assert!(client_authenticated(&resp(400, &[JSON], r#"{"error":"invalid_grant"}"#)).is_met());
        assert!(
            !client_authenticated(&resp(401, &[JSON], r#"{"error":"invalid_client"}"#)).is_met()
        );
        assert!(auth_challenge(
            &resp(401, &[("www-authenticate", "Basic realm=\"x\"")], "{}"),
            "Basic"
        )
        .is_met());
        assert!(!auth_challenge(&resp(400, &[], "{}"), "Basic").is_met());
        assert!(!auth_challenge(&resp(401, &[], "{}"), "Basic").is_met());
    }

    #[test]
    fn refusal_and_refresh_tokens() {
        assert!(refused(&resp(400, &[JSON], r#"{"error":"invalid_request"}"#)).is_met());
        assert!(!refused(&resp(200, &[JSON], r#"{"access_token":"x"}"#)).is_met());
        assert!(no_refresh_token(&resp(200, &[JSON], r#"{"access_token":"x"}"#)).is_met());
        assert!(!no_refresh_token(&resp(
            200,
            &[JSON],
            r#"{"access_token":"x","refresh_token":"r"}"#
        ))
        .is_met());
    }
}
