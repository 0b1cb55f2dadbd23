//! Checks: small pure functions from recorded responses to a [`Verdict`]. The steps attach the
//! requirement ID, level and evidence; each check here says only whether what it saw meets the
//! rule, and what it expected and observed.

pub mod authorization;
pub mod bearer;
pub mod client_auth;
pub mod code_race;
pub mod cors;
pub mod credential_redirect;
pub mod entropy;
pub mod error_format;
pub mod expiry;
pub mod forgery;
pub mod framing;
pub mod introspection;
pub mod issuer_in_response;
pub mod login_first;
pub mod metadata;
pub mod native_loopback;
pub mod null_members;
pub mod parameters;
pub mod pkce;
pub mod pkce_discovery;
pub mod query_token;
pub mod reflection;
pub mod refresh;
pub mod refresh_binding;
pub mod refresh_rotation;
pub mod removed_grants;
pub mod resource;
pub mod revocation;
pub mod scope;
pub mod scope_echo;
pub mod third_party;
pub mod token;
pub mod transport;
pub mod web_message;

/// What a check concluded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The rule is met; the text says how, for the report.
    Met(String),
    /// The rule is broken.
    Violated {
        message: String,
        expected: String,
        observed: String,
    },
}

impl Verdict {
    pub fn violated(
        message: impl Into<String>,
        expected: impl Into<String>,
        observed: impl Into<String>,
    ) -> Verdict {
        Verdict::Violated {
            message: message.into(),
            expected: expected.into(),
            observed: observed.into(),
        }
    }

    pub fn is_met(&self) -> bool {
        matches!(self, Verdict::Met(_))
    }
}

/// Cuts text for an `observed:` line.
pub(crate) fn short(s: &str) -> String {
    const MAX: usize = 300;
    if s.len() <= MAX {
        return s.to_string();
    }
    let mut end = MAX;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes)", &s[..end], s.len())
}
