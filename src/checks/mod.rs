//! Checks: small pure functions from recorded responses to a [`Verdict`]. The steps attach the
//! requirement ID, level and evidence; each check here says only whether what it saw meets the
//! rule, and what it expected and observed.

pub mod authorization;
pub mod bearer;
pub mod expiry;
pub mod introspection;
pub mod metadata;
pub mod revocation;
pub mod token;

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
