//! Checks on the scope of refreshed tokens (RFC 6749 §6).

use std::collections::BTreeSet;

use serde_json::Value;

use super::{short, Verdict};
use crate::client::Response;

/// The space-separated values of a scope string (RFC 6749 §3.3), as a set.
pub fn scope_set(scope: &str) -> BTreeSet<String> {
    scope
        .split(' ')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn granted_scope(resp: &Response) -> Result<Option<String>, String> {
    match resp.json() {
        Ok(Value::Object(m)) => match m.get("scope") {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(format!("scope is not a string: {other}")),
        },
        _ => Err(format!("HTTP {} {}", resp.status, short(&resp.text()))),
    }
}

fn show(set: &BTreeSet<String>) -> String {
    set.iter().cloned().collect::<Vec<_>>().join(" ")
}

/// RFC 6749 §6 (6749-6-d): a refresh asking for `extra`, a value the original grant lacks,
/// must not get it. A refusal passes (the error code is scored by the §5.2 rows); so does a
/// token whose `scope` leaves `extra` out. A token without `scope` was issued for the scope
/// requested (§5.1), `extra` included, and fails.
pub fn no_scope_beyond(resp: &Response, original: &str, extra: &str) -> Verdict {
    let want =
        format!("a refusal (invalid_scope), or a token whose scope stays within {original:?}");
    if resp.status != 200 {
        let error = resp
            .json()
            .ok()
            .and_then(|j| j.get("error").and_then(Value::as_str).map(str::to_string))
            .unwrap_or_else(|| "no error code".into());
        return Verdict::Met(format!(
            "the wider scope was refused (HTTP {}, {error})",
            resp.status
        ));
    }
    match granted_scope(resp) {
        Ok(Some(scope)) if scope_set(&scope).contains(extra) => Verdict::violated(
            format!("the refresh granted {extra:?}, which the original grant did not include"),
            want,
            format!("scope={scope:?}"),
        ),
        Ok(Some(scope)) => Verdict::Met(format!("issued for scope {scope:?}, without {extra:?}")),
        Ok(None) => Verdict::violated(
            format!("the refresh was granted with no scope member, so for the scope requested, {extra:?} included (§5.1)"),
            want,
            "HTTP 200 without scope",
        ),
        Err(e) => Verdict::violated("the token response cannot be read", want, e),
    }
}

/// RFC 6749 §6 (6749-6-e, 6749-6-f): a refresh without `scope` is issued for the original
/// scope. The response's `scope` must then equal it as a set; without `scope` the token has
/// the scope requested (§5.1), which here is the original one.
pub fn keeps_original_scope(resp: &Response, original: &str) -> Verdict {
    let want = format!("the original scope {original:?}");
    match granted_scope(resp) {
        Ok(None) => Verdict::Met(
            "no scope member: the token has the scope requested, the original one (§5.1)".into(),
        ),
        Ok(Some(scope)) if scope_set(&scope) == scope_set(original) => {
            Verdict::Met(format!("scope {scope:?}, as originally granted"))
        }
        Ok(Some(scope)) => {
            let had = scope_set(original);
            let got = scope_set(&scope);
            let added: BTreeSet<String> = got.difference(&had).cloned().collect();
            let lost: BTreeSet<String> = had.difference(&got).cloned().collect();
            Verdict::violated(
                format!(
                    "the refreshed scope differs from the original (added: {:?}, missing: {:?})",
                    show(&added),
                    show(&lost)
                ),
                want,
                format!("scope={scope:?}"),
            )
        }
        Err(e) => Verdict::violated("the token response cannot be read", want, e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(body: &str) -> Response {
        Response {
            status: 200,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.as_bytes().to_vec(),
            truncated: false,
        }
    }

    #[test]
    fn a_wider_scope_is_refused_or_dropped() {
        let refused = Response {
            status: 400,
            ..ok(r#"{"error":"invalid_scope"}"#)
        };
        assert!(no_scope_beyond(&refused, "read", "write").is_met());
        assert!(no_scope_beyond(
            &ok(r#"{"access_token":"a","scope":"read"}"#),
            "read",
            "write"
        )
        .is_met());
        assert!(!no_scope_beyond(
            &ok(r#"{"access_token":"a","scope":"read write"}"#),
            "read",
            "write"
        )
        .is_met());
        assert!(!no_scope_beyond(&ok(r#"{"access_token":"a"}"#), "read", "write").is_met());
    }

    #[test]
    fn a_plain_refresh_keeps_the_scope() {
        assert!(keeps_original_scope(&ok(r#"{"scope":"write read"}"#), "read write").is_met());
        assert!(keeps_original_scope(&ok(r#"{"access_token":"a"}"#), "read").is_met());
        assert!(!keeps_original_scope(&ok(r#"{"scope":"read write"}"#), "read").is_met());
        assert!(!keeps_original_scope(&ok(r#"{"scope":"read"}"#), "read write").is_met());
    }
}
