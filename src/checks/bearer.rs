//! Checks on protected resource responses (RFC 6750 §3, §3.1).

use super::{short, Verdict};
use crate::client::Response;
use crate::protocol::challenge::{self, Challenge};

fn describe(resp: &Response) -> String {
    let challenge = resp.header_all("www-authenticate").join(" | ");
    format!(
        "HTTP {} WWW-Authenticate: {:?} {}",
        resp.status,
        challenge,
        short(&resp.text())
    )
}

/// The `Bearer` challenge, if any, from `WWW-Authenticate`.
fn bearer_challenge(resp: &Response) -> Option<String> {
    resp.header_all("www-authenticate")
        .into_iter()
        .find(|c| c.trim_start().to_ascii_lowercase().starts_with("bearer"))
        .map(str::to_string)
}

/// The value of an auth-param in a challenge (quoted or token form).
/// Parsed by `protocol::challenge` (RFC 9110 §11.2), so a quoted value may hold commas; a
/// header that does not parse falls back to a plain split on commas.
pub fn challenge_param(challenge: &str, name: &str) -> Option<String> {
    if let Ok(challenges) = crate::protocol::challenge::parse(&[challenge]) {
        return challenges
            .first()
            .and_then(|c| c.param(name))
            .map(|p| p.value.clone());
    }
    let rest = challenge.trim_start().get(6..)?;
    for part in rest.split(',') {
        let Some((k, v)) = part.split_once('=') else {
            continue;
        };
        if k.trim().eq_ignore_ascii_case(name) {
            return Some(v.trim().trim_matches('"').to_string());
        }
    }
    None
}

/// A 2xx answer: the token was accepted.
pub fn resource_ok(resp: &Response) -> Verdict {
    if (200..300).contains(&resp.status) {
        Verdict::Met(format!("HTTP {}", resp.status))
    } else {
        Verdict::violated(
            "the protected resource refused a valid token",
            "HTTP 2xx",
            describe(resp),
        )
    }
}

/// §3: 401 with a `Bearer` challenge.
pub fn unauthorized_with_challenge(resp: &Response) -> Verdict {
    let want = "HTTP 401 with WWW-Authenticate: Bearer …";
    if resp.status != 401 {
        return Verdict::violated(
            format!("HTTP {} instead of 401", resp.status),
            want,
            describe(resp),
        );
    }
    match bearer_challenge(resp) {
        Some(c) => Verdict::Met(format!("401 with WWW-Authenticate: {c}")),
        None => Verdict::violated(
            "no Bearer challenge in WWW-Authenticate",
            want,
            describe(resp),
        ),
    }
}

/// 6750-3-a: a request whose token "does not enable access" (here: lacks the scope the resource
/// needs) gets a `WWW-Authenticate` Bearer challenge, whatever the status. Call it on a refusal.
pub fn refusal_has_bearer_challenge(resp: &Response) -> Verdict {
    let want =
        "WWW-Authenticate: Bearer … on the refusal (e.g. 403 with error=\"insufficient_scope\")";
    if has_bearer_challenge(resp) {
        Verdict::Met(format!(
            "HTTP {} with WWW-Authenticate: {}",
            resp.status,
            resp.header_all("www-authenticate").join(", ")
        ))
    } else {
        Verdict::violated(
            format!(
                "HTTP {} without a Bearer challenge in WWW-Authenticate",
                resp.status
            ),
            want,
            describe(resp),
        )
    }
}

/// §3.1: 401 with `error="<code>"` in the Bearer challenge.
pub fn unauthorized_with_error(resp: &Response, code: &str) -> Verdict {
    let want = format!("HTTP 401 with WWW-Authenticate: Bearer error=\"{code}\"");
    if resp.status != 401 {
        return Verdict::violated(
            format!("HTTP {} instead of 401", resp.status),
            want,
            describe(resp),
        );
    }
    match bearer_challenge(resp).map(|c| challenge_param(&c, "error")) {
        Some(Some(e)) if e == code => Verdict::Met(format!("401 with error=\"{code}\"")),
        Some(Some(e)) => Verdict::violated(
            format!("the error is {e}, not {code}"),
            want,
            describe(resp),
        ),
        Some(None) => Verdict::violated(
            "the Bearer challenge has no error attribute",
            want,
            describe(resp),
        ),
        None => Verdict::violated(
            "no Bearer challenge in WWW-Authenticate",
            want,
            describe(resp),
        ),
    }
}

/// The Bearer challenges of a response, or why the header cannot be read.
fn bearer_challenges(resp: &Response) -> Result<Vec<Challenge>, String> {
    let values = resp.header_all("www-authenticate");
    if values.is_empty() {
        return Err("no WWW-Authenticate header".into());
    }
    let all = challenge::parse(&values).map_err(|e| format!("malformed WWW-Authenticate: {e}"))?;
    let bearer: Vec<Challenge> = all.into_iter().filter(|c| c.is_scheme("Bearer")).collect();
    if bearer.is_empty() {
        return Err("no Bearer challenge in WWW-Authenticate".into());
    }
    Ok(bearer)
}

/// Whether the response carries a Bearer challenge at all (6750-3-a); the checks of its
/// content have nothing to look at without one.
/// A header that does not parse counts as one, so its content checks report it malformed.
pub fn has_bearer_challenge(resp: &Response) -> bool {
    let values = resp.header_all("www-authenticate");
    if values.is_empty() {
        return false;
    }
    match challenge::parse(&values) {
        Ok(cs) => cs.iter().any(|c| c.is_scheme("Bearer")),
        Err(_) => true,
    }
}

/// 6750-3-b: "the "Bearer" auth-scheme MUST be followed by one or more auth-param values": some
/// Bearer challenge (other schemes may come first) carries at least one auth-param.
pub fn bearer_challenge_has_auth_param(resp: &Response) -> Verdict {
    let want = "WWW-Authenticate: Bearer followed by at least one auth-param (realm=…, error=…)";
    match bearer_challenges(resp) {
        Err(e) => Verdict::violated(e, want, describe(resp)),
        Ok(cs) => match cs.iter().find(|c| !c.params.is_empty()) {
            Some(c) => Verdict::Met(format!(
                "the Bearer challenge carries {}",
                c.params
                    .iter()
                    .map(|p| p.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            None => Verdict::violated(
                "the Bearer challenge has no auth-param",
                want,
                describe(resp),
            ),
        },
    }
}

/// The attributes RFC 6750 §3 allows at most once per challenge.
const SINGLE_ATTRIBUTES: [&str; 5] = ["realm", "scope", "error", "error_description", "error_uri"];

/// 6750-3-c: "The realm/scope/error/error_description/error_uri attribute MUST NOT appear more
/// than once."
pub fn no_repeated_attributes(resp: &Response) -> Verdict {
    let want = "realm, scope, error, error_description and error_uri at most once each";
    let cs = match bearer_challenges(resp) {
        Ok(cs) => cs,
        Err(e) => return Verdict::violated(e, want, describe(resp)),
    };
    for c in &cs {
        for name in SINGLE_ATTRIBUTES {
            let n = c
                .params
                .iter()
                .filter(|p| p.name.eq_ignore_ascii_case(name))
                .count();
            if n > 1 {
                return Verdict::violated(
                    format!("the {name} attribute appears {n} times in the Bearer challenge"),
                    want,
                    describe(resp),
                );
            }
        }
    }
    Verdict::Met("no attribute appears twice".into())
}

/// `%x20-21 / %x23-5B / %x5D-7E`: printable ASCII without `"` and `\` (RFC 6750 §3).
fn description_char(b: u8) -> bool {
    matches!(b, 0x20..=0x21 | 0x23..=0x5B | 0x5D..=0x7E)
}

/// `scope-token = 1*( %x21 / %x23-5B / %x5D-7E )`, separated by single spaces (RFC 6749 §3.3).
fn valid_scope(raw: &str) -> bool {
    !raw.is_empty()
        && raw
            .split(' ')
            .all(|t| !t.is_empty() && t.bytes().all(|b| b != b' ' && description_char(b)))
}

/// A URI-reference (RFC 3986 §4.1) in the characters §3 allows: absolute or relative.
fn valid_uri_reference(raw: &str) -> bool {
    raw.bytes().all(|b| b != b' ' && description_char(b))
        && url::Url::parse(raw)
            .or_else(|_| url::Url::parse("https://base.invalid/").and_then(|b| b.join(raw)))
            .is_ok()
}

/// 6750-3-e: the values of scope, error and error_description "MUST NOT include characters
/// outside the set %x20-21 / %x23-5B / %x5D-7E" (scope: scope-tokens), and error_uri is a
/// URI-reference. Checked on the text as written, so a `\"` escape breaks the rule too.
pub fn attribute_values_allowed(resp: &Response) -> Verdict {
    let want = "scope, error and error_description in %x20-21 / %x23-5B / %x5D-7E; error_uri a URI-reference";
    let cs = match bearer_challenges(resp) {
        Ok(cs) => cs,
        Err(e) => return Verdict::violated(e, want, describe(resp)),
    };
    let mut checked = Vec::new();
    for p in cs.iter().flat_map(|c| c.params.iter()) {
        let name = p.name.to_ascii_lowercase();
        let ok = match name.as_str() {
            "error" | "error_description" => p.raw.bytes().all(description_char),
            "scope" => valid_scope(&p.raw),
            "error_uri" => valid_uri_reference(&p.raw),
            _ => continue,
        };
        if !ok {
            return Verdict::violated(
                format!("the {name} attribute has characters RFC 6750 §3 does not allow"),
                want,
                format!("{name}={:?}", p.raw),
            );
        }
        checked.push(name);
    }
    if checked.is_empty() {
        return Verdict::violated(
            "the Bearer challenge has none of scope, error, error_description, error_uri to check",
            want,
            describe(resp),
        );
    }
    Verdict::Met(format!(
        "{} use only allowed characters",
        checked.join(", ")
    ))
}

/// 6750-3-d: "If the protected resource request included an access token and failed
/// authentication, the resource server SHOULD include the "error" attribute."
pub fn failed_token_challenge_has_error(resp: &Response) -> Verdict {
    let want = "a Bearer challenge with an error attribute (e.g. error=\"invalid_token\")";
    match bearer_challenges(resp) {
        Err(e) => Verdict::violated(e, want, describe(resp)),
        Ok(cs) => match cs.iter().find_map(|c| c.param("error")) {
            Some(p) => Verdict::Met(format!("error=\"{}\"", p.value)),
            None => Verdict::violated(
                "the challenge does not say why the token failed: no error attribute",
                want,
                describe(resp),
            ),
        },
    }
}

/// 6750-3.1-d: "If the request lacks any authentication information …, the resource server
/// SHOULD NOT include an error code or other error information."
pub fn no_error_without_authentication(resp: &Response) -> Verdict {
    let want = "a Bearer challenge without error, error_description or error_uri";
    let cs = match bearer_challenges(resp) {
        Ok(cs) => cs,
        Err(e) => return Verdict::violated(e, want, describe(resp)),
    };
    let found: Vec<&str> = cs
        .iter()
        .flat_map(|c| c.params.iter())
        .filter(|p| {
            ["error", "error_description", "error_uri"]
                .iter()
                .any(|n| p.name.eq_ignore_ascii_case(n))
        })
        .map(|p| p.name.as_str())
        .collect();
    if found.is_empty() {
        Verdict::Met("no error information in the challenge".into())
    } else {
        Verdict::violated(
            format!(
                "a request with no authentication got error information: {}",
                found.join(", ")
            ),
            want,
            describe(resp),
        )
    }
}

/// The error code of a refusal: the Bearer challenge's `error`, else a JSON body's `error`.
fn error_code(resp: &Response) -> Option<String> {
    bearer_challenges(resp)
        .ok()
        .and_then(|cs| {
            cs.iter()
                .find_map(|c| c.param("error").map(|p| p.value.clone()))
        })
        .or_else(|| resp.json().ok()?.get("error")?.as_str().map(str::to_string))
}

/// 6750-3.1-c: a token lacking the privileges the request needs gets 403 insufficient_scope.
pub fn forbidden_insufficient_scope(resp: &Response) -> Verdict {
    let want = "HTTP 403 with error=\"insufficient_scope\"";
    match (resp.status, error_code(resp)) {
        (403, Some(e)) if e == "insufficient_scope" => {
            Verdict::Met("403 with error=\"insufficient_scope\"".into())
        }
        (status, code) => Verdict::violated(
            format!(
                "HTTP {status} with error {}",
                code.as_deref().unwrap_or("(none)")
            ),
            want,
            describe(resp),
        ),
    }
}

/// 6750-3.1-a: a malformed request (e.g. the token sent by two methods) gets 400
/// invalid_request.
pub fn bad_request_invalid_request(resp: &Response) -> Verdict {
    let want = "HTTP 400 with error=\"invalid_request\"";
    match (resp.status, error_code(resp)) {
        (400, Some(e)) if e == "invalid_request" => {
            Verdict::Met("400 with error=\"invalid_request\"".into())
        }
        (status, code) => Verdict::violated(
            format!(
                "HTTP {status} with error {}",
                code.as_deref().unwrap_or("(none)")
            ),
            want,
            describe(resp),
        ),
    }
}

/// 6750-5.3-b: "Issue scoped bearer tokens … with an audience restriction": the token's `aud`
/// (string or array) names `expected` (the resource's audience, when the config states it).
pub fn audience_restricted(aud: &serde_json::Value, expected: Option<&str>) -> Verdict {
    let values: Vec<&str> = match aud {
        serde_json::Value::String(s) => vec![s.as_str()],
        serde_json::Value::Array(a) => a.iter().filter_map(|v| v.as_str()).collect(),
        _ => Vec::new(),
    };
    let want = match expected {
        Some(e) => format!("aud naming the protected resource ({e})"),
        None => "an aud naming the protected resource".to_string(),
    };
    if values.is_empty() {
        return Verdict::violated("aud names no audience", want, aud.to_string());
    }
    match expected {
        Some(e) if values.contains(&e) => Verdict::Met(format!("aud names the resource: {e}")),
        Some(_) => Verdict::violated(
            "the token's audience is not the protected resource",
            want,
            format!("aud {aud}"),
        ),
        None => Verdict::Met(format!(
            "the token carries an audience restriction: aud {aud} (set resource.audience to check that it names the resource)"
        )),
    }
}

/// 6750-5.2-f: "Token servers SHOULD issue tokens that contain … the scopes for which the
/// token is valid", i.e. restricted to specific scopes: the granted scope is narrower than every
/// scope the server offers. `None` when the server offers fewer than two scopes (no narrower
/// scope exists).
pub fn scope_restricted(granted: &str, offered: &[String]) -> Option<Verdict> {
    if offered.len() < 2 {
        return None;
    }
    let granted: std::collections::BTreeSet<&str> =
        granted.split(' ').filter(|s| !s.is_empty()).collect();
    let missing: Vec<&str> = offered
        .iter()
        .map(String::as_str)
        .filter(|s| !granted.contains(s))
        .collect();
    Some(if missing.is_empty() {
        Verdict::violated(
            "the token was granted every scope the server offers",
            "a scope narrower than everything offered",
            format!(
                "granted {:?} of {:?}",
                granted.into_iter().collect::<Vec<_>>().join(" "),
                offered.join(" ")
            ),
        )
    } else {
        Verdict::Met(format!(
            "granted {:?}, not {}",
            granted.into_iter().collect::<Vec<_>>().join(" "),
            missing.join(", ")
        ))
    })
}

/// 6750-5.2-d: "Token integrity protection MUST be sufficient to prevent the token from being
/// modified": a token with one character changed is not accepted.
pub fn altered_token_refused(resp: &Response) -> Verdict {
    if (200..300).contains(&resp.status) {
        Verdict::violated(
            "the protected resource accepted a modified access token",
            "the altered token refused (401 invalid_token)",
            describe(resp),
        )
    } else {
        Verdict::Met(format!(
            "the altered token was refused: HTTP {}",
            resp.status
        ))
    }
}

/// 6750-5.3-c: "Don't store bearer tokens in cookies: … cookies are typically sent in the clear":
/// every `Set-Cookie` seen whose value carries `token` has the Secure attribute (HttpOnly is
/// not required). `set_cookies` are the header values of the scenario's responses.
pub fn token_cookies_secure(set_cookies: &[String], token: &str) -> Verdict {
    let carrying: Vec<&String> = set_cookies
        .iter()
        .filter(|c| {
            let value = c.split(';').next().unwrap_or("");
            !token.is_empty() && value.contains(token)
        })
        .collect();
    let insecure: Vec<&&String> = carrying
        .iter()
        .filter(|c| {
            !c.split(';')
                .skip(1)
                .any(|attr| attr.trim().eq_ignore_ascii_case("secure"))
        })
        .collect();
    match (carrying.len(), insecure.first()) {
        (0, _) => Verdict::Met(format!(
            "no cookie carries the access token ({} Set-Cookie headers seen)",
            set_cookies.len()
        )),
        (_, Some(cookie)) => Verdict::violated(
            "a cookie carries the access token without the Secure attribute",
            "no bearer token in a cookie that may be sent without TLS (Secure attribute)",
            format!("Set-Cookie: {cookie}"),
        ),
        (n, None) => Verdict::Met(format!(
            "{n} cookie(s) carry the access token, all with the Secure attribute"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, challenge: Option<&str>) -> Response {
        Response {
            status,
            headers: challenge
                .map(|c| vec![("www-authenticate".to_string(), c.to_string())])
                .unwrap_or_default(),
            body: Vec::new(),
            truncated: false,
        }
    }

    #[test]
    fn challenge_params_are_read() {
        assert_eq!(
            challenge_param("Bearer realm=\"x\", error=\"invalid_token\"", "error").as_deref(),
            Some("invalid_token")
        );
        assert_eq!(challenge_param("Bearer realm=\"x\"", "error"), None);
        // A quoted comma does not hide the parameters after it.
        assert_eq!(
            challenge_param(
                "Bearer error_description=\"a, b\", error=\"invalid_token\"",
                "error"
            )
            .as_deref(),
            Some("invalid_token")
        );
    }

    #[test]
    fn bearer_checks() {
        assert!(resource_ok(&resp(200, None)).is_met());
        assert!(!resource_ok(&resp(401, Some("Bearer"))).is_met());
        assert!(unauthorized_with_challenge(&resp(401, Some("Bearer realm=\"x\""))).is_met());
        assert!(!unauthorized_with_challenge(&resp(401, None)).is_met());
        assert!(!unauthorized_with_challenge(&resp(400, Some("Bearer"))).is_met());
        assert!(unauthorized_with_error(
            &resp(401, Some("Bearer realm=\"x\", error=\"invalid_token\"")),
            "invalid_token"
        )
        .is_met());
        assert!(!unauthorized_with_error(
            &resp(400, Some("Bearer error=\"invalid_request\"")),
            "invalid_token"
        )
        .is_met());
    }
}

#[cfg(test)]
mod challenge_tests {
    use super::*;

    fn resp(status: u16, challenge: &str) -> Response {
        Response {
            status,
            headers: vec![("www-authenticate".to_string(), challenge.to_string())],
            body: Vec::new(),
            truncated: false,
        }
    }

    #[test]
    fn a_bearer_challenge_needs_an_auth_param() {
        assert!(bearer_challenge_has_auth_param(&resp(401, r#"Bearer realm="x""#)).is_met());
        assert!(bearer_challenge_has_auth_param(&resp(
            401,
            r#"DPoP algs="ES256", Bearer realm="x""#
        ))
        .is_met());
        assert!(!bearer_challenge_has_auth_param(&resp(401, "Bearer")).is_met());
        assert!(!bearer_challenge_has_auth_param(&resp(401, r#"Basic realm="x""#)).is_met());
    }

    #[test]
    fn attributes_appear_once() {
        assert!(
            no_repeated_attributes(&resp(401, r#"Bearer realm="x", error="invalid_token""#))
                .is_met()
        );
        assert!(!no_repeated_attributes(&resp(
            401,
            r#"Bearer realm="x", error="invalid_token", realm="x""#
        ))
        .is_met());
    }

    #[test]
    fn attribute_characters_are_restricted() {
        let good = r#"Bearer realm="x", error="insufficient_scope", error_description="needs read", scope="read write", error_uri="https://as/e""#;
        assert!(attribute_values_allowed(&resp(403, good)).is_met());
        let escaped = r#"Bearer error="invalid_token", error_description="token \"x\" unknown""#;
        assert!(!attribute_values_allowed(&resp(401, escaped)).is_met());
        assert!(
            !attribute_values_allowed(&resp(403, r#"Bearer error="x", scope="read  write""#))
                .is_met()
        );
        assert!(
            !attribute_values_allowed(&resp(401, r#"Bearer error="x", error_uri="a b""#)).is_met()
        );
        assert!(!attribute_values_allowed(&resp(401, r#"Bearer realm="x""#)).is_met());
    }

    #[test]
    fn error_attribute_when_a_token_failed_and_only_then() {
        assert!(failed_token_challenge_has_error(&resp(
            401,
            r#"Bearer realm="x", error="invalid_token""#
        ))
        .is_met());
        assert!(!failed_token_challenge_has_error(&resp(401, r#"Bearer realm="x""#)).is_met());
        assert!(no_error_without_authentication(&resp(401, r#"Bearer realm="x""#)).is_met());
        assert!(!no_error_without_authentication(&resp(
            401,
            r#"Bearer realm="x", error="invalid_request""#
        ))
        .is_met());
    }

    #[test]
    fn a_refusal_without_a_bearer_challenge_fails_3_a() {
        // Spring Authorization Server's userinfo endpoint: 403 with the error in a JSON body.
        let spring = Response {
            status: 403,
            headers: vec![("content-type".into(), "application/json".into())],
            body: br#"{"error":"insufficient_scope"}"#.to_vec(),
            truncated: false,
        };
        assert!(!refusal_has_bearer_challenge(&spring).is_met());
        // The error code alone is what 6750-3.1-c looks at: that passes.
        assert!(forbidden_insufficient_scope(&spring).is_met());
        assert!(refusal_has_bearer_challenge(&resp(
            403,
            r#"Bearer realm="x", error="insufficient_scope", scope="read""#
        ))
        .is_met());
        assert!(refusal_has_bearer_challenge(&resp(
            403,
            r#"DPoP algs="ES256", Bearer error="insufficient_scope""#
        ))
        .is_met());
        assert!(!refusal_has_bearer_challenge(&resp(403, r#"Basic realm="x""#)).is_met());
    }

    #[test]
    fn insufficient_scope_and_invalid_request() {
        assert!(forbidden_insufficient_scope(&resp(
            403,
            r#"Bearer error="insufficient_scope", scope="read""#
        ))
        .is_met());
        assert!(
            !forbidden_insufficient_scope(&resp(401, r#"Bearer error="invalid_token""#)).is_met()
        );
        assert!(
            bad_request_invalid_request(&resp(400, r#"Bearer error="invalid_request""#)).is_met()
        );
        assert!(!bad_request_invalid_request(&resp(200, "")).is_met());
    }

    #[test]
    fn only_a_bearer_scheme_counts_as_a_bearer_challenge() {
        assert!(has_bearer_challenge(&resp(401, r#"Bearer realm="x""#)));
        assert!(!has_bearer_challenge(&resp(
            401,
            r#"Basic realm="bearer-api""#
        )));
        assert!(has_bearer_challenge(&resp(401, r#"Bearer realm="x"#)));
    }

    #[test]
    fn altered_tokens_and_token_cookies() {
        assert!(altered_token_refused(&resp(401, r#"Bearer error="invalid_token""#)).is_met());
        assert!(!altered_token_refused(&resp(200, "")).is_met());
        let none: Vec<String> = vec!["sid=abc; Path=/".into()];
        assert!(token_cookies_secure(&none, "tok123").is_met());
        let secure = vec!["at=tok123; Secure; HttpOnly".to_string()];
        assert!(token_cookies_secure(&secure, "tok123").is_met());
        let insecure = vec!["at=tok123; Path=/; HttpOnly".to_string()];
        assert!(!token_cookies_secure(&insecure, "tok123").is_met());
    }

    #[test]
    fn audience_names_the_resource() {
        let aud = |t: &str| -> serde_json::Value { serde_json::from_str(t).unwrap() };
        assert!(audience_restricted(&aud(r#""https://rs""#), Some("https://rs")).is_met());
        assert!(audience_restricted(&aud(r#"["a","https://rs"]"#), Some("https://rs")).is_met());
        assert!(!audience_restricted(&aud(r#""https://as""#), Some("https://rs")).is_met());
        assert!(audience_restricted(&aud(r#""x""#), None).is_met());
        assert!(!audience_restricted(&aud("[]"), None).is_met());
    }

    #[test]
    fn scopes_are_narrower_than_everything() {
        let offered = vec!["read".to_string(), "write".to_string()];
        assert!(scope_restricted("read", &offered).unwrap().is_met());
        assert!(!scope_restricted("write read", &offered).unwrap().is_met());
        assert!(scope_restricted("read", &offered[..1]).is_none());
    }
}
