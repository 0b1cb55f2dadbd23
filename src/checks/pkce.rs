//! Checks on what the server reveals about PKCE (RFC 7636 §4.4, §4.4.1, §7.2).

use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use base64::Engine;

use super::{short, Verdict};
use crate::login::FrontChannelOutcome;
use crate::protocol::redirect::AuthorizationRedirect;

/// The readings of `code` an onlooker would try: the code itself, percent-decoded, and every
/// `.`-separated segment (JWT/JWE style) decoded as base64url or base64.
fn readings(code: &str) -> Vec<Vec<u8>> {
    let mut out = vec![code.as_bytes().to_vec()];
    let decoded = url::form_urlencoded::parse(format!("c={code}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned().into_bytes());
    out.extend(decoded);
    let segments = std::iter::once(code).chain(code.split(['.', '~']));
    for segment in segments {
        let trimmed = segment.trim_end_matches('=');
        for engine in [&URL_SAFE_NO_PAD, &STANDARD_NO_PAD] {
            if let Ok(bytes) = engine.decode(trimmed) {
                out.push(bytes);
            }
        }
    }
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// RFC 7636 §4.4 (7636-4.4-b) and §7.2 (7636-7.2-a): the code does not carry the challenge
/// (for plain, the verifier itself) in a form others can read: not verbatim, not
/// percent-encoded, not base64/base64url-encoded in any `.`-separated segment. Encryption is
/// what §7.2 asks for; an encrypted value cannot be decoded here, so it passes.
pub fn code_conceals(code: &str, secret: &str, what: &str) -> Verdict {
    match readings(code)
        .iter()
        .position(|bytes| contains(bytes, secret.as_bytes()))
    {
        None => Verdict::Met(format!(
            "the {what} is not readable from the code (verbatim, percent- or base64-decoded)"
        )),
        Some(0) => Verdict::violated(
            format!("the authorization code contains the {what} verbatim"),
            format!("a code that does not reveal the {what}"),
            format!("code {} contains it", short(code)),
        ),
        Some(_) => Verdict::violated(
            format!("the {what} can be decoded from the authorization code"),
            format!("a code that does not reveal the {what} (encrypt it, or keep it server-side)"),
            "a segment of the code decodes (base64/base64url or percent-encoding) to it",
        ),
    }
}

/// What an authorization error should explain (RFC 7636 §4.4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Explains {
    /// "code challenge required" (7636-4.4.1-b).
    ChallengeRequired,
    /// "transform algorithm not supported" (7636-4.4.1-d).
    UnsupportedMethod,
}

impl Explains {
    fn words(self) -> &'static [&'static str] {
        match self {
            Explains::ChallengeRequired => &["challenge", "pkce", "proof key"],
            Explains::UnsupportedMethod => &["method", "transform", "s256", "plain", "support"],
        }
    }

    fn topic(self) -> &'static str {
        match self {
            Explains::ChallengeRequired => "that a code challenge is required",
            Explains::UnsupportedMethod => "that the transform algorithm is not supported",
        }
    }
}

/// RFC 7636 §4.4.1 (SHOULD): the error_description (or an error_uri page) says what was
/// wrong. A description naming the topic passes; so does an error_uri, whose page cannot be
/// judged here.
pub fn error_explains(outcome: &FrontChannelOutcome, about: Explains) -> Verdict {
    let want = format!(
        "error_description or error_uri explaining {}",
        about.topic()
    );
    let FrontChannelOutcome::Redirected { location } = outcome else {
        return Verdict::violated("no error redirect to read", want, "no redirect");
    };
    let Ok(redirect) = AuthorizationRedirect::parse(location) else {
        return Verdict::violated("the redirect could not be parsed", want, short(location));
    };
    let description = redirect.query_param("error_description").unwrap_or("");
    let lower = description.to_ascii_lowercase();
    if about.words().iter().any(|w| lower.contains(w)) {
        return Verdict::Met(format!("error_description={description:?}"));
    }
    if let Some(uri) = redirect.query_param("error_uri") {
        return Verdict::Met(format!("error_uri={uri} (its page is not judged)"));
    }
    Verdict::violated(
        format!("the error does not explain {}", about.topic()),
        want,
        if description.is_empty() {
            "no error_description and no error_uri".to_string()
        } else {
            format!("error_description={description:?}")
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    #[test]
    fn an_opaque_code_conceals_the_challenge() {
        assert!(code_conceals(
            "Xb3kq0s9dk2mZ0ap1lq9vC0s8dl3kq0s9dk2mZ0ap1l",
            CHALLENGE,
            "code challenge"
        )
        .is_met());
    }

    #[test]
    fn verbatim_or_encoded_challenges_are_found() {
        assert!(!code_conceals(&format!("abc.{CHALLENGE}"), CHALLENGE, "x").is_met());
        let b64 = URL_SAFE_NO_PAD.encode(CHALLENGE);
        assert!(!code_conceals(&format!("Xb3kq0s9dk2mZ0ap.{b64}"), CHALLENGE, "x").is_met());
        let payload = URL_SAFE_NO_PAD.encode(format!("{{\"cc\":\"{CHALLENGE}\"}}"));
        assert!(!code_conceals(
            &format!("eyJhbGciOiJub25lIn0.{payload}.sig"),
            CHALLENGE,
            "x"
        )
        .is_met());
    }

    fn redirect(loc: &str) -> FrontChannelOutcome {
        FrontChannelOutcome::Redirected {
            location: loc.into(),
        }
    }

    #[test]
    fn an_error_must_explain_itself() {
        let good =
            redirect("http://c/cb?error=invalid_request&error_description=code_challenge+required");
        assert!(error_explains(&good, Explains::ChallengeRequired).is_met());
        let vague = redirect("http://c/cb?error=invalid_request&error_description=invalid+request");
        assert!(!error_explains(&vague, Explains::ChallengeRequired).is_met());
        assert!(!error_explains(&vague, Explains::UnsupportedMethod).is_met());
        let method = redirect(
            "http://c/cb?error=invalid_request&error_description=unsupported+code_challenge_method",
        );
        assert!(error_explains(&method, Explains::UnsupportedMethod).is_met());
        let uri = redirect("http://c/cb?error=invalid_request&error_uri=https%3A%2F%2Fas%2Ferr");
        assert!(error_explains(&uri, Explains::UnsupportedMethod).is_met());
    }
}
