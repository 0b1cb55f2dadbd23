//! Quirks: deliberate, switchable deviations from the RFCs.
//!
//! The clean server must pass every conformance check; each quirk breaks exactly one
//! requirement (named by its ID in `requirements.tsv`), so the suite can show that every check
//! is able to fail. A quirk is implemented where the real behaviour lives, as a small
//! `if state.quirk(Quirk::X)` next to the code it bends, and nowhere else.

use std::fmt;
use std::str::FromStr;

/// Declares the quirk enum and its table (name, requirement ID, description) in one place.
macro_rules! quirks {
    ($( $variant:ident => $name:literal, $requirement:literal, $description:literal; )*) => {
        /// A deliberate deviation from the RFCs that breaks exactly one requirement.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Quirk {
            $( #[doc = $description] $variant, )*
        }

        impl Quirk {
            /// Every quirk, in declaration order.
            pub const ALL: &'static [Quirk] = &[ $( Quirk::$variant, )* ];

            /// The snake_case name used on the command line and in reports.
            pub fn name(self) -> &'static str {
                match self { $( Quirk::$variant => $name, )* }
            }

            /// The requirement ID (from `requirements.tsv`) this quirk breaks.
            pub fn requirement(self) -> &'static str {
                match self { $( Quirk::$variant => $requirement, )* }
            }

            /// What the quirk breaks, in one line.
            pub fn description(self) -> &'static str {
                match self { $( Quirk::$variant => $description, )* }
            }
        }
    };
}

quirks! {
    RedirectUriPrefixMatch => "redirect_uri_prefix_match", "6749-3.1.2.3-c",
        "accepts a redirect_uri that merely starts with a registered URI (e.g. .../cb/../evil, .../cbx)";
    RedirectUriCaseInsensitive => "redirect_uri_case_insensitive", "6749-3.1.2.3-c",
        "compares redirect_uri ignoring ASCII case";
    RedirectUriIgnoreTrailingSlash => "redirect_uri_ignore_trailing_slash", "6749-3.1.2.3-c",
        "treats .../cb/ as .../cb when comparing redirect_uri";
    RedirectUriIgnoreQuery => "redirect_uri_ignore_query", "6749-3.1.2.3-c",
        "ignores the query component when comparing redirect_uri";
    RedirectUriIgnorePort => "redirect_uri_ignore_port", "6749-3.1.2.3-c",
        "ignores the port when comparing redirect_uri";
    RedirectUriUnchecked => "redirect_uri_unchecked", "6749-3.1.2.3-b",
        "accepts any absolute redirect_uri";
    RedirectUriErrorRedirected => "redirect_uri_error_redirected", "6749-3.1.2.4-a",
        "an invalid redirect_uri gets an error redirect to that URI instead of a 400 page";
    RedirectUriDefaultToFirst => "redirect_uri_default_to_first", "6749-3.1.2.3-a",
        "a missing redirect_uri with several registered URIs uses the first";
    UnknownClientRedirectsError => "unknown_client_redirects_error", "6749-4.1.2.1-a",
        "a missing or unknown client_id gets an error redirect to the supplied redirect_uri";
    CodeInFragment => "code_in_fragment", "6749-4.1.2-a",
        "the code (and state, iss) is delivered in the fragment, not the query";
    StateMangled => "state_mangled", "6749-4.1.2-f",
        "on success, state is returned truncated to its first 8 characters";
    ErrorStateDropped => "error_state_dropped", "6749-4.1.2.1-l",
        "error redirects omit state";
    DenialWrongError => "denial_wrong_error", "6749-4.1.2.1-e",
        "a denied consent gives error=invalid_request instead of access_denied";
    UnsupportedResponseTypeAsInvalidRequest => "unsupported_response_type_as_invalid_request", "6749-4.1.2.1-f",
        "an unknown response_type gives invalid_request instead of unsupported_response_type";
    UnknownScopeIgnored => "unknown_scope_ignored", "6749-4.1.2.1-g",
        "/authorize accepts unknown scope values and grants them";
    DuplicateParamsAllowed => "duplicate_params_allowed", "6749-3.1-h",
        "/authorize takes the first of repeated parameters";
    MissingResponseTypeDefaultsToCode => "missing_response_type_defaults_to_code", "6749-3.1.1-a",
        "a missing response_type is treated as code";
    UnauthorizedClientGetsCode => "unauthorized_client_gets_code", "6749-4.1.2.1-d",
        "a client without the authorization_code grant gets a code";
    CodeReuseAllowed => "code_reuse_allowed", "6749-4.1.2-d",
        "a code can be redeemed again (new tokens each time; earlier ones are still revoked)";
    CodeReuseKeepsTokens => "code_reuse_keeps_tokens", "6749-4.1.2-e",
        "a replayed code is refused but tokens from the first redemption stay valid";
    CodeNotBoundToClient => "code_not_bound_to_client", "6749-4.1.3-d",
        "a code can be redeemed by another confidential client";
    RedirectUriNotComparedAtToken => "redirect_uri_not_compared_at_token", "6749-4.1.3-h",
        "a different (registered) redirect_uri at /token is accepted";
    RedirectUriOptionalAtToken => "redirect_uri_optional_at_token", "6749-4.1.3-g",
        "a missing redirect_uri at /token is accepted though the authorization request had one";
    MissingCodeInvalidGrant => "missing_code_invalid_grant", "6749-4.1.3-a",
        "a token request without code gives invalid_grant instead of invalid_request";
    CodeNotVerified => "code_not_verified", "6749-4.1.3-f",
        "any unknown code is accepted and tokens issued (for the default scope and user)";
    TokenTypeMissing => "token_type_missing", "6749-5.1-b",
        "token responses omit token_type";
    ExpiresInMissing => "expires_in_missing", "6749-5.1-c",
        "token responses omit expires_in";
    TokenResponseCacheable => "token_response_cacheable", "6749-5.1-e",
        "token responses lack Cache-Control: no-store and Pragma: no-cache";
    BasicAuthFailureWithoutChallenge => "basic_auth_failure_without_challenge", "6749-5.2-f",
        "failed Basic authentication gives 400 invalid_client without WWW-Authenticate";
    ClientIdAloneAuthenticates => "client_id_alone_authenticates", "6749-2.2-a",
        "a confidential client sending only its client_id is accepted";
    UnknownGrantTypeInvalidRequest => "unknown_grant_type_invalid_request", "6749-5.2-i",
        "an unknown grant_type gives invalid_request instead of unsupported_grant_type";
    UnauthorizedGrantInvalidRequest => "unauthorized_grant_invalid_request", "6749-5.2-h",
        "a grant the client may not use gives invalid_request instead of unauthorized_client";
    TokenDuplicateParamsAllowed => "token_duplicate_params_allowed", "6749-3.2-f",
        "/token takes the first of repeated parameters";
    MultipleAuthMethodsAllowed => "multiple_auth_methods_allowed", "6749-5.2-d",
        "Basic and body client credentials together are accepted";
    TokenUnknownScopeIgnored => "token_unknown_scope_ignored", "6749-5.2-j",
        "client_credentials accepts an unknown scope value and grants it";
    BasicAuthUnsupported => "basic_auth_unsupported", "6749-2.3.1-a",
        "the Authorization: Basic header is never used as credentials (Basic-only requests fail with invalid_client)";
    BasicAuthNotFormDecoded => "basic_auth_not_form_decoded", "6749-2.3.1-b",
        "Basic client id and secret are used without form-url-decoding";
    ClientCredentialsRefreshToken => "client_credentials_refresh_token", "6749-4.4.3-a",
        "client_credentials responses include a refresh_token";
    RefreshTokenNotBoundToClient => "refresh_token_not_bound_to_client", "6749-6-b",
        "a refresh token works for another client";
    PkceS256WrongTransform => "pkce_s256_wrong_transform", "7636-4.6-a",
        "S256 is computed as lowercase hex of SHA-256 instead of base64url, so correct verifiers fail";
    PkceVerifierNotChecked => "pkce_verifier_not_checked", "7636-4.6-c",
        "a wrong code_verifier is accepted";
    PkceVerifierOptional => "pkce_verifier_optional", "7636-4.5-a",
        "a missing code_verifier is accepted when a challenge was sent";
    PkceUnknownMethodIgnored => "pkce_unknown_method_ignored", "7636-4.4.1-c",
        "an unknown code_challenge_method is accepted (treated as plain)";
    PkceNotRequiredForPublicClients => "pkce_not_required_for_public_clients", "7636-4.4.1-a",
        "a public client may omit code_challenge";
    BearerHeaderRejected => "bearer_header_rejected", "6750-2.1-a",
        "the resource refuses every token in the Authorization: Bearer header as invalid_token (only the form body works)";
    BearerChallengeMissing => "bearer_challenge_missing", "6750-3-a",
        "a request without a token gets 401 with no WWW-Authenticate";
    BearerInvalidTokenWrongError => "bearer_invalid_token_wrong_error", "6750-3.1-b",
        "an invalid token gets 400 invalid_request instead of 401 invalid_token";
    RevocationRefreshTokenNeedsHint => "revocation_refresh_token_needs_hint", "7009-2-a",
        "without token_type_hint /revoke looks up access tokens only: a refresh token answers 200 and stays valid";
    RevocationAccessTokenUnsupported => "revocation_access_token_unsupported", "7009-2-b",
        "revoking an access token gives 400 unsupported_token_type";
    RevocationEndpointWithFragment => "revocation_endpoint_with_fragment", "7009-2-c",
        "the metadata publishes revocation_endpoint with a fragment (#revoke)";
    RevocationMissingTokenAccepted => "revocation_missing_token_accepted", "7009-2.1-a",
        "a revocation request without token answers 200";
    RevocationHintNotExtended => "revocation_hint_not_extended", "7009-2.1-b",
        "with token_type_hint access_token or refresh_token, /revoke searches only that token type";
    RevocationClientNotAuthenticated => "revocation_client_not_authenticated", "7009-2.1-c",
        "/revoke takes the claimed client_id when client authentication fails";
    RevocationNotBoundToClient => "revocation_not_bound_to_client", "7009-2.1-d",
        "any authenticated client may revoke any client's token";
    RevocationKeepsAccessTokens => "revocation_keeps_access_tokens", "7009-2.1-f",
        "revoking a refresh token leaves the access tokens of its grant valid";
    RevocationUnknownTokenError => "revocation_unknown_token_error", "7009-2.2-a",
        "revoking an unknown token gives 400 invalid_request instead of 200";
    RevocationUnknownHintRejected => "revocation_unknown_hint_rejected", "7009-2.2-b",
        "an unknown token_type_hint gives 400 unsupported_token_type instead of being ignored";
    IntrospectionActiveAsString => "introspection_active_as_string", "7662-2.2-a",
        "active tokens are described with \"active\": \"true\" (a string, not a boolean)";
    IntrospectionExpAsString => "introspection_exp_as_string", "7662-2.2-b",
        "exp is given as a string of digits instead of a number";
    IntrospectionForeignTokenError => "introspection_foreign_token_error", "7662-2.2-c",
        "a token not in this server's format gets 400 invalid_request instead of {\"active\": false}";
    IntrospectionInactiveDetails => "introspection_inactive_details", "7662-2.2-d",
        "answers about inactive tokens add a reason member";
    IntrospectionMissingTokenActive => "introspection_missing_token_active", "7662-2.1-a",
        "a request without token describes the calling client as an active token";
    IntrospectionHintNotExtended => "introspection_hint_not_extended", "7662-2.1-b",
        "with token_type_hint access_token or refresh_token, /introspect searches only that token type";
    IntrospectionWithoutCallerAuth => "introspection_without_caller_auth", "7662-2.1-d",
        "a caller that sends no credentials at all is answered anyway";
    IntrospectionAuthFailure400 => "introspection_auth_failure_400", "7662-2.3-a",
        "failed client authentication at /introspect gives 400 instead of 401";
    IntrospectionIgnoresRevocation => "introspection_ignores_revocation", "7662-4-c",
        "refresh tokens revoked at /revoke still introspect as active";
    MetadataNotJson => "metadata_not_json", "8414-3.2-a",
        "the metadata document is served as text/plain";
    MetadataIssuerTrailingSlash => "metadata_issuer_trailing_slash", "8414-3.3-a",
        "the metadata issuer has a trailing slash the configured issuer lacks";
    MetadataIssuerWithQuery => "metadata_issuer_with_query", "8414-2-a",
        "the metadata issuer carries a query component (?tenant=default)";
    MetadataEmptyArray => "metadata_empty_array", "8414-3.2-b",
        "the metadata lists ui_locales_supported as an empty array";
    MetadataWithoutScopes => "metadata_without_scopes", "8414-2-f",
        "the metadata omits scopes_supported";
    MetadataWithoutResponseTypes => "metadata_without_response_types", "8414-2-g",
        "the metadata omits response_types_supported";

    // ==== Group A: RFC 6749 sections 2 to 4 (add new quirks of this group below) ====
    // (keep these header lines; they separate the groups so parallel work merges cleanly)

    // ==== Group B: RFC 6749 sections 5 to 10 and RFC 7636 (add below) ====
    // (keep these header lines; they separate the groups so parallel work merges cleanly)

    // ==== Group C: RFC 9700 and OAuth 2.1 (add below) ====
    // (keep these header lines; they separate the groups so parallel work merges cleanly)

    // ==== Group D: RFC 6750, 7009, 7662, 8414 (add below) ====
    // (keep these header lines; they separate the groups so parallel work merges cleanly)

    // ==== Group E: quirks for the live fuzzer and hardening (add below) ====
    TokenDuplicateParam500 => "token_duplicate_param_500", "6749-3.2-f",
        "/token answers 500 Internal Server Error when a parameter is repeated";
    ClientSecretPrefixAccepted => "client_secret_prefix_accepted", "6749-4.4.2-a",
        "client_credentials requests authenticate with any non-empty prefix of the client secret (only the bytes sent are compared)";
    // (keep these header lines; they separate the groups so parallel work merges cleanly)
}

impl fmt::Display for Quirk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A quirk name that is not in [`Quirk::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown quirk {name:?}; valid quirks: {}", valid_names())]
pub struct UnknownQuirk {
    pub name: String,
}

fn valid_names() -> String {
    Quirk::ALL
        .iter()
        .map(|quirk| quirk.name())
        .collect::<Vec<_>>()
        .join(", ")
}

impl FromStr for Quirk {
    type Err = UnknownQuirk;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Quirk::ALL
            .iter()
            .copied()
            .find(|quirk| quirk.name() == name)
            .ok_or_else(|| UnknownQuirk {
                name: name.to_owned(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn names_are_unique_snake_case_and_round_trip() {
        let mut seen = BTreeSet::new();
        for &quirk in Quirk::ALL {
            let name = quirk.name();
            assert!(seen.insert(name), "duplicate quirk name {name}");
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "{name} is not snake_case"
            );
            assert_eq!(name.parse::<Quirk>(), Ok(quirk));
            assert_eq!(quirk.to_string(), name);
        }
    }

    #[test]
    fn every_quirk_names_a_requirement_and_a_description() {
        for &quirk in Quirk::ALL {
            let requirement = quirk.requirement();
            let (rfc, rest) = requirement.split_once('-').unwrap_or_default();
            assert!(
                matches!(
                    rfc,
                    "6749" | "6750" | "7636" | "7009" | "7662" | "8414" | "9700" | "oauth21"
                ),
                "{quirk}: {requirement}"
            );
            assert!(!rest.is_empty(), "{quirk}: {requirement}");
            assert!(!quirk.description().is_empty());
        }
    }

    #[test]
    fn unknown_name_lists_the_valid_ones() {
        let error = "no_such_quirk".parse::<Quirk>().unwrap_err();
        let message = error.to_string();
        assert!(message.contains("no_such_quirk"));
        assert!(message.contains("code_in_fragment"));
        assert!(message.contains("bearer_invalid_token_wrong_error"));
    }
}
