//! Renders evidence as `curl` commands, so an exchange can be replayed by hand
//! (`oauth2spec explain`). Pure: the evidence is already redacted unless `--reveal-secrets`.

use crate::report::model::Evidence;

/// Quotes `s` as one word for a POSIX shell. Plain text goes in single quotes (a `'` becomes
/// `'\''`; non-ASCII stays as it is, UTF-8). Text with control characters or invisible
/// bidirectional marks uses `$'…'` with escapes instead, so that pasting the command does what
/// it shows and printing it cannot drive the terminal.
pub fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return s.to_string();
    }
    if !s.chars().any(needs_escape) {
        return format!("'{}'", s.replace('\'', r"'\''"));
    }
    let mut out = String::from("$'");
    for c in s.chars() {
        match c {
            '\\' => out.push_str(r"\\"),
            '\'' => out.push_str(r"\'"),
            '\n' => out.push_str(r"\n"),
            '\r' => out.push_str(r"\r"),
            '\t' => out.push_str(r"\t"),
            c if needs_escape(c) && (c as u32) < 0x80 => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if needs_escape(c) => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// Control characters (C0, DEL, C1) and the invisible marks that reorder displayed text.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// One exchange as a `curl` command: method and URL on the first line, then one option per
/// line: `-X` when curl would not infer the method, `-H` per header in the order sent,
/// `--data-raw` for the body.
pub fn command(e: &Evidence) -> String {
    let mut first = String::from("curl -sS -i");
    let has_body = e.request_body.is_some();
    let inferred = if has_body { "POST" } else { "GET" };
    if e.method != inferred {
        first.push_str(&format!(" -X {}", shell_quote(&e.method)));
    }
    // curl would read `[`, `]`, `{`, `}` as globs (`[redacted]` has two) and squash `/../`.
    if e.url.contains(['[', ']', '{', '}']) {
        first.push_str(" --globoff");
    }
    if e.url.contains("/../") || e.url.contains("/./") {
        first.push_str(" --path-as-is");
    }
    first.push(' ');
    first.push_str(&shell_quote(&e.url));
    let mut parts = vec![first];
    for (name, value) in &e.request_headers {
        // `Name:` would make curl drop the header; `Name;` sends it empty.
        let h = if value.is_empty() {
            format!("{name};")
        } else {
            format!("{name}: {value}")
        };
        parts.push(format!("-H {}", shell_quote(&h)));
    }
    if let Some(body) = &e.request_body {
        let has_content_type = e
            .request_headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("content-type"));
        if !has_content_type {
            // --data-raw adds a form Content-Type the original request did not have.
            parts.push(format!("-H {}", shell_quote("Content-Type:")));
        }
        parts.push(format!("--data-raw {}", shell_quote(body)));
    }
    parts.join(" \\\n  ")
}

/// The response status line as a shell comment, e.g. `# => 400 Bad Request`, or why there was
/// no response.
pub fn status_line(e: &Evidence) -> String {
    match e.status {
        Some(code) => {
            let reason = reqwest::StatusCode::from_u16(code)
                .ok()
                .and_then(|s| s.canonical_reason())
                .unwrap_or("");
            format!("# => {code} {reason}").trim_end().to_string()
        }
        None => {
            let why = e
                .response_body
                .as_deref()
                .unwrap_or("")
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect::<String>();
            format!("# => no response: {why}").trim_end().to_string()
        }
    }
}

/// The command followed by its status line.
pub fn render(e: &Evidence) -> String {
    format!("{}\n{}", command(e), status_line(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evidence() -> Evidence {
        Evidence {
            method: "POST".into(),
            url: "http://127.0.0.1:8080/token".into(),
            request_headers: vec![
                (
                    "Content-Type".into(),
                    "application/x-www-form-urlencoded".into(),
                ),
                ("Authorization".into(), "Basic [redacted]".into()),
            ],
            request_body: Some("grant_type=authorization_code&code=[redacted]".into()),
            status: Some(400),
            response_headers: vec![],
            response_body: Some("{\"error\":\"invalid_grant\"}".into()),
            elapsed_ms: 3,
        }
    }

    #[test]
    fn quoting_keeps_plain_words_and_single_quotes_the_rest() {
        assert_eq!(shell_quote("http://a/b?x=1"), "'http://a/b?x=1'");
        assert_eq!(shell_quote("GET"), "GET");
        assert_eq!(shell_quote(""), "''");
        assert_eq!(shell_quote("a b"), "'a b'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote("'"), r"''\'''");
        assert_eq!(shell_quote("$HOME `x` \\ \"q\""), "'$HOME `x` \\ \"q\"'");
    }

    #[test]
    fn non_ascii_stays_readable_inside_single_quotes() {
        assert_eq!(shell_quote("state=é~ü"), "'state=é~ü'");
        assert_eq!(shell_quote("名前's"), r"'名前'\''s'");
    }

    #[test]
    fn control_and_bidi_characters_are_escaped() {
        assert_eq!(shell_quote("a\nb'c"), r"$'a\nb\'c'");
        assert_eq!(shell_quote("\u{1b}[31m\\"), r"$'\x1b[31m\\'");
        assert_eq!(shell_quote("x\u{202e}é"), r"$'x\u202eé'");
        assert_eq!(shell_quote("\u{85}"), r"$'\u0085'");
    }

    #[test]
    fn a_form_post_becomes_a_curl_command_with_headers_and_body() {
        let c = command(&evidence());
        assert_eq!(
            c,
            "curl -sS -i 'http://127.0.0.1:8080/token' \\\n  \
-H 'Content-Type: application/x-www-form-urlencoded' \\\n  \
-H 'Authorization: Basic [redacted]' \\\n  \
--data-raw 'grant_type=authorization_code&code=[redacted]'"
        );
        assert_eq!(status_line(&evidence()), "# => 400 Bad Request");
        assert!(render(&evidence()).ends_with("[redacted]'\n# => 400 Bad Request"));
    }

    #[test]
    fn methods_curl_would_not_infer_are_spelled_out() {
        let mut e = evidence();
        e.method = "PUT".into();
        assert!(command(&e).contains("-X PUT"));
        e.method = "GET".into();
        assert!(command(&e).contains("-X GET"), "GET with a body");
        e.request_body = None;
        assert!(!command(&e).contains("-X"));
        assert!(!command(&e).contains("--data-raw"));
        e.method = "POST".into();
        assert!(command(&e).contains("-X POST"), "POST without a body");
    }

    #[test]
    fn globs_empty_headers_and_missing_content_type_are_handled() {
        let e = Evidence {
            method: "GET".into(),
            url: "http://h/authorize?code=[redacted]&state=a'b".into(),
            request_headers: vec![("X-Empty".into(), String::new())],
            request_body: None,
            status: None,
            response_headers: vec![],
            response_body: Some("connection refused".into()),
            elapsed_ms: 0,
        };
        let c = command(&e);
        assert!(c.contains("--globoff"), "{c}");
        assert!(
            c.contains(r"'http://h/authorize?code=[redacted]&state=a'\''b'"),
            "{c}"
        );
        assert!(c.contains("-H 'X-Empty;'"), "{c}");
        assert_eq!(status_line(&e), "# => no response: connection refused");

        let mut raw = evidence();
        raw.request_headers.retain(|(k, _)| k != "Content-Type");
        let c = command(&raw);
        assert!(c.contains("-H 'Content-Type:'"), "{c}");
        let mut dots = evidence();
        dots.url = "http://h/a/../token".into();
        assert!(command(&dots).contains("--path-as-is"));
    }
}
