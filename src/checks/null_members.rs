//! OAuth 2.1 Appendix C.3: members without a value are omitted from JSON responses, not sent
//! as `null`.

use serde_json::Value;

use super::{short, Verdict};
use crate::client::Response;

/// Paths (`a.b`, `list[0]`) of every `null` in a JSON value.
fn null_paths(value: &Value, path: &str, out: &mut Vec<String>) {
    match value {
        Value::Null => out.push(if path.is_empty() {
            "(the whole body)".into()
        } else {
            path.to_string()
        }),
        Value::Object(m) => {
            for (k, v) in m {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                null_paths(v, &p, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                null_paths(v, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// oauth21-C.3-a: "Omit parameters with null values" in token and error responses (a SHOULD).
/// A body that is not JSON is another rule's business and is not judged here.
pub fn no_null_members(resp: &Response) -> Option<Verdict> {
    let json = resp.json().ok()?;
    let mut nulls = Vec::new();
    null_paths(&json, "", &mut nulls);
    Some(if nulls.is_empty() {
        Verdict::Met("no member is null".into())
    } else {
        Verdict::violated(
            format!(
                "members sent as null instead of left out: {}",
                nulls.join(", ")
            ),
            "absent members omitted, none set to null",
            short(&resp.text()),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(body: &str) -> Response {
        Response {
            status: 200,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.as_bytes().to_vec(),
            truncated: false,
        }
    }

    #[test]
    fn a_null_member_is_named() {
        let v = no_null_members(&resp(
            r#"{"access_token":"a","id_token":null,"x":{"y":[1,null]}}"#,
        ));
        match v {
            Some(Verdict::Violated { message, .. }) => {
                assert!(
                    message.contains("id_token") && message.contains("x.y[1]"),
                    "{message}"
                )
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn omitted_members_pass_and_non_json_is_not_judged() {
        assert!(
            no_null_members(&resp(r#"{"access_token":"a","token_type":"Bearer"}"#))
                .is_some_and(|v| v.is_met())
        );
        assert!(no_null_members(&resp("not json")).is_none());
    }
}
