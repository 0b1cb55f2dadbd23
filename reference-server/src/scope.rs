//! Access token scope (RFC 6749 §3.3): a list of space-delimited, case-sensitive strings.

use std::collections::BTreeSet;
use std::fmt;

use crate::fixtures::{fixtures, FixtureClient};

/// A set of scope tokens. Order carries no meaning (§3.3), so the set is kept sorted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Scope(BTreeSet<String>);

impl Scope {
    /// Parses a `scope` value by the §3.3 ABNF:
    /// `scope = scope-token *( SP scope-token )`, `scope-token = 1*( %x21 / %x23-5B / %x5D-7E )`.
    pub(crate) fn parse(value: &str) -> Result<Scope, MalformedScope> {
        let mut tokens = BTreeSet::new();
        for token in value.split(' ') {
            let well_formed = !token.is_empty()
                && token
                    .bytes()
                    .all(|b| matches!(b, 0x21 | 0x23..=0x5B | 0x5D..=0x7E));
            if !well_formed {
                return Err(MalformedScope);
            }
            tokens.insert(token.to_owned());
        }
        Ok(Scope(tokens))
    }

    /// The scope granted when the request leaves `scope` out.
    pub(crate) fn default_scope() -> Scope {
        Scope(BTreeSet::from([fixtures().default_scope.to_owned()]))
    }

    pub(crate) fn contains(&self, token: &str) -> bool {
        self.0.contains(token)
    }

    pub(crate) fn is_subset(&self, other: &Scope) -> bool {
        self.0.is_subset(&other.0)
    }

    /// The first token the server does not know at all.
    pub(crate) fn first_unknown(&self) -> Option<&str> {
        self.0
            .iter()
            .map(String::as_str)
            .find(|token| !fixtures().knows_scope(token))
    }

    /// The tokens this client may have (only the `narrowed_scope_unstated` quirk uses it).
    pub(crate) fn allowed_for(&self, client: &FixtureClient) -> Scope {
        Scope(
            self.0
                .iter()
                .filter(|token| client.allows_scope(token))
                .cloned()
                .collect(),
        )
    }

    /// The first known token this client may not ask for. Unknown tokens are reported by
    /// [`Scope::first_unknown`] (and let through only by the unknown-scope quirks).
    pub(crate) fn first_not_allowed(&self, client: &FixtureClient) -> Option<&str> {
        self.0
            .iter()
            .map(String::as_str)
            .find(|token| fixtures().knows_scope(token) && !client.allows_scope(token))
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for token in &self.0 {
            if !first {
                f.write_str(" ")?;
            }
            f.write_str(token)?;
            first = false;
        }
        Ok(())
    }
}

/// A `scope` value that breaks the §3.3 ABNF (empty token, doubled space, forbidden character).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MalformedScope;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_space_delimited_tokens() {
        let scope = Scope::parse("write read read").unwrap();
        assert_eq!(scope.to_string(), "read write");
        assert!(scope.contains("read"));
        assert_eq!(scope.first_unknown(), None);
    }

    #[test]
    fn refuses_what_the_abnf_refuses() {
        for bad in [
            "",
            " read",
            "read ",
            "read  write",
            "re\"ad",
            "re\\ad",
            "réad",
            "a\tb",
        ] {
            assert_eq!(Scope::parse(bad), Err(MalformedScope), "{bad:?}");
        }
    }

    #[test]
    fn finds_unknown_and_disallowed_tokens() {
        let scope = Scope::parse("read nope write").unwrap();
        assert_eq!(scope.first_unknown(), Some("nope"));
        let cc_client = fixtures().client("cc-client").unwrap();
        assert_eq!(
            Scope::parse("read write")
                .unwrap()
                .first_not_allowed(cc_client),
            Some("write")
        );
    }
}
