//! RFC 9700 §4.17.2: authorization responses delivered with `postMessage`
//! (`response_mode=web_message`) go to an exactly matched origin, never to `*`.

use super::{short, Verdict};

/// The `targetOrigin` argument of each `postMessage(…)` call in a page, in order: the string
/// when it is a string literal, `None` when it is an expression this reader cannot evaluate.
pub fn post_message_targets(page: &str) -> Vec<Option<String>> {
    let mut targets = Vec::new();
    let mut rest = page;
    while let Some(at) = rest.find("postMessage(") {
        rest = &rest[at + "postMessage(".len()..];
        if let Some(args) = call_arguments(rest) {
            if let Some(second) = args.get(1) {
                targets.push(string_literal(second));
            }
        }
    }
    targets
}

/// The top-level arguments of a call whose `(` was just read, as source text.
fn call_arguments(source: &str) -> Option<Vec<&str>> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut start = 0;
    let mut args = Vec::new();
    for (i, c) in source.char_indices() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' | '`' => quote = Some(c),
            '(' | '{' | '[' => depth += 1,
            ')' if depth == 0 => {
                args.push(source[start..i].trim());
                return Some(args);
            }
            ')' | '}' | ']' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                args.push(source[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    None
}

/// The value of a JavaScript string literal without escapes other than `\/` and `\"`-style
/// quoting, or `None` for anything else.
fn string_literal(arg: &str) -> Option<String> {
    let quote = arg.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let inner = arg.strip_prefix(quote)?.strip_suffix(quote)?;
    let mut value = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next()? {
                c @ ('/' | '\\' | '"' | '\'') => value.push(c),
                _ => return None,
            }
        } else {
            value.push(c);
        }
    }
    Some(value)
}

/// The literal targets, or `Err` with what could not be read.
fn literal_targets(targets: &[Option<String>]) -> Result<Vec<&str>, Verdict> {
    if targets.is_empty() {
        return Err(Verdict::violated(
            "the web_message response page calls no postMessage",
            "a page that posts the authorization response with postMessage",
            "no postMessage(…) call with a target origin",
        ));
    }
    Ok(targets.iter().flatten().map(String::as_str).collect())
}

/// 9700-4.17.2-b: no `postMessage` of the authorization response targets the wildcard origin
/// `*`, which would hand the code to whatever page opened the window.
pub fn no_wildcard_target(targets: &[Option<String>]) -> Verdict {
    let literals = match literal_targets(targets) {
        Ok(literals) => literals,
        Err(verdict) => return verdict,
    };
    if literals.iter().any(|t| t.trim() == "*") {
        return Verdict::violated(
            "the authorization response is posted to the wildcard origin",
            "postMessage(…, \"<the client's origin>\"), never \"*\"",
            format!("targetOrigin \"*\" ({} postMessage call(s))", targets.len()),
        );
    }
    Verdict::Met(format!("targetOrigin {}", describe(targets)))
}

/// 9700-4.17.2-a: every `postMessage` of the authorization response targets exactly the
/// origin of the registered redirect URI the client used. A `*` target is left to
/// [`no_wildcard_target`] (9700-4.17.2-b), so one defect is counted once.
pub fn target_is_registered_origin(targets: &[Option<String>], expected: &str) -> Verdict {
    if let Err(verdict) = literal_targets(targets) {
        return verdict;
    }
    let wrong: Vec<&str> = targets
        .iter()
        .flatten()
        .map(String::as_str)
        .filter(|t| *t != "*" && *t != expected)
        .collect();
    if let Some(first) = wrong.first() {
        return Verdict::violated(
            "the authorization response is posted to an origin other than the client's registered one",
            format!("targetOrigin exactly \"{expected}\""),
            format!("targetOrigin \"{}\"", short(first)),
        );
    }
    Verdict::Met(format!("targetOrigin {}", describe(targets)))
}

fn describe(targets: &[Option<String>]) -> String {
    targets
        .iter()
        .map(|t| match t {
            Some(t) => format!("\"{}\"", short(t)),
            None => "(an expression)".to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The origin (RFC 6454: scheme, host, port) of a URI, as browsers serialise it.
pub fn origin_of(uri: &str) -> Option<String> {
    let origin = url::Url::parse(uri).ok()?.origin();
    origin.is_tuple().then(|| origin.ascii_serialization())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<script>
window.opener.postMessage({"type":"authorization_response","response":{"code":"a,b)","state":"x'y"}}, "https://client.example:8443");
</script>"#;

    #[test]
    fn reads_the_target_origin_past_objects_and_strings() {
        assert_eq!(
            post_message_targets(PAGE),
            vec![Some("https://client.example:8443".to_string())]
        );
        assert_eq!(
            post_message_targets("parent.postMessage(msg, origin)"),
            vec![None]
        );
        assert!(post_message_targets("<p>no script</p>").is_empty());
    }

    #[test]
    fn the_wildcard_origin_fails() {
        let page = PAGE.replace("\"https://client.example:8443\"", "'*'");
        assert!(!no_wildcard_target(&post_message_targets(&page)).is_met());
        assert!(no_wildcard_target(&post_message_targets(PAGE)).is_met());
        assert!(!no_wildcard_target(&[]).is_met());
    }

    #[test]
    fn only_the_exact_registered_origin_passes() {
        let expected = origin_of("https://client.example:8443/cb?x=1").unwrap();
        assert_eq!(expected, "https://client.example:8443");
        assert!(target_is_registered_origin(&post_message_targets(PAGE), &expected).is_met());
        let other_port = PAGE.replace(":8443", "");
        assert!(
            !target_is_registered_origin(&post_message_targets(&other_port), &expected).is_met()
        );
        let trailing_slash = PAGE.replace(":8443\"", ":8443/\"");
        assert!(
            !target_is_registered_origin(&post_message_targets(&trailing_slash), &expected)
                .is_met()
        );
    }
}
