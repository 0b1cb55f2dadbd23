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
    // ==== Group T: transport security (TLS) ====
    TlsCertificateUntrusted => "tls_certificate_untrusted", "6749-10.9-a",
        "serves a self-signed certificate that no client can validate";
    Tls13Only => "tls13_only", "7662-4-g",
        "accepts TLS 1.3 only, refusing TLS 1.2 handshakes";
    PlainHttpTokenEndpoint => "plain_http_token_endpoint", "6749-3.2-b",
        "also serves the token endpoint over plain HTTP, issuing tokens there";
    PlainHttpAuthorizationEndpoint => "plain_http_authorization_endpoint", "6749-3.1-c",
        "also serves the authorization endpoint over plain HTTP";
    PlainHttpLoginPage => "plain_http_login_page", "6749-10.11-a",
        "also serves the login and consent pages over plain HTTP";
    PlainHttpIntrospection => "plain_http_introspection", "7662-2-a",
        "also serves the introspection endpoint over plain HTTP";
    PlainHttpRevocationIgnored => "plain_http_revocation_ignored", "7009-2-f",
        "answers revocation requests sent over plain HTTP without revoking";
    MetadataHttpRevocationEndpoint => "metadata_http_revocation_endpoint", "7009-2-d",
        "publishes the plain-HTTP variant as revocation_endpoint";
    MetadataHttpJwksUri => "metadata_http_jwks_uri", "8414-2-d",
        "publishes a jwks_uri with the http scheme";
    MetadataHttpServiceDocumentation => "metadata_http_service_documentation", "oauth21-1.5-a",
        "publishes service_documentation with the http scheme";

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
    AuthorizeUnknownParamsRejected => "authorize_unknown_params_rejected", "6749-3.1-g",
        "/authorize refuses parameters it does not recognise with invalid_request";
    TokenUnknownParamsRejected => "token_unknown_params_rejected", "6749-3.2-e",
        "/token refuses parameters it does not recognise with invalid_request";
    RelativeRedirectUriResolved => "relative_redirect_uri_resolved", "6749-3.1.2-a",
        "a relative redirect_uri is resolved against the client's registered origin and accepted";
    RedirectUriFragmentIgnored => "redirect_uri_fragment_ignored", "6749-3.1.2-b",
        "the fragment of a redirect_uri is ignored when comparing it with the registered ones";
    MissingScopeInvalidRequest => "missing_scope_invalid_request", "6749-3.3-b",
        "an authorization request without scope gets invalid_request instead of the default scope";
    CodeExchangeWithoutClientAuth => "code_exchange_without_client_auth", "6749-4.1.3-b",
        "a confidential client redeems its own code with its client_id alone, no secret";
    ClientSecretPostNotVerified => "client_secret_post_not_verified", "6749-4.1.3-c",
        "a client_secret in the request body is not compared with the registered one";
    ClientCredentialsWithoutAuth => "client_credentials_without_auth", "6749-4.4.2-a",
        "the client_credentials grant accepts a confidential client's client_id alone, no secret";
    PublicClientCredentialsGrant => "public_client_credentials_grant", "6749-4.4-a",
        "public clients get tokens with the client_credentials grant";
    ClientCredentialsInQueryAccepted => "client_credentials_in_query_accepted", "6749-2.3.1-d",
        "/token reads client_id and client_secret from the request URI query";
    PublicCodeExchangeWithoutClientId => "public_code_exchange_without_client_id", "6749-3.2.1-a",
        "a code of a public client is redeemed without client_id (the client is taken from the code)";
    TokenEndpointAcceptsGet => "token_endpoint_accepts_get", "6749-3.2-c",
        "GET /token with the parameters in the query issues tokens";
    AuthorizationEndpointWithFragment => "authorization_endpoint_with_fragment", "6749-3.1-b",
        "the metadata publishes authorization_endpoint with a fragment (#authorize)";
    TokenEndpointWithFragment => "token_endpoint_with_fragment", "6749-3.2-a",
        "the metadata publishes token_endpoint with a fragment (#token)";
    DenialErrorInFragment => "denial_error_in_fragment", "6749-4.1.2.1-b",
        "a denied consent is redirected with error and state in the fragment, not the query";
    ErrorDescriptionNonAscii => "error_description_non_ascii", "6749-4.1.2.1-j",
        "error redirects carry an error_description with a double quote and non-ASCII text";
    ErrorUriInvalid => "error_uri_invalid", "6749-4.1.2.1-k",
        "error redirects carry an error_uri with a space and a double quote in it";
    MalformedScopeNonstandardError => "malformed_scope_nonstandard_error", "6749-4.1.2.1-m",
        "a malformed scope value gets error=malformed_scope, a code RFC 6749 does not define";
    AuthorizeWithoutLogin => "authorize_without_login", "6749-3.1-a",
        "/authorize signs the fixture user in without asking, straight to consent";
    AuthorizeEmptyParamsKept => "authorize_empty_params_kept", "6749-3.1-f",
        "/authorize treats a parameter with an empty value as present (scope= is malformed)";
    TokenEmptyParamsKept => "token_empty_params_kept", "6749-3.2-d",
        "/token treats a parameter with an empty value as present (scope= is malformed)";
    TokenResponseDuplicateMember => "token_response_duplicate_member", "6749-3.1-i",
        "token responses carry the token_type member twice";
    RedirectQueryDropped => "redirect_query_dropped", "6749-3.1.2-c",
        "the query of a registered redirect URI is replaced by the response parameters";
    CodeNotBoundToPublicClient => "code_not_bound_to_public_client", "6749-4.1.3-e",
        "a code can be redeemed by another public client (confidential clients are still checked)";
    InvalidRedirectUriBlankPage => "invalid_redirect_uri_blank_page", "6749-3.1.2.4-b",
        "an invalid redirect_uri gets an empty 400 response that tells the user nothing";
    PublicClientRedirectUriUnchecked => "public_client_redirect_uri_unchecked", "6749-3.1.2.2-a",
        "public clients may use any absolute redirect_uri, as if none had to be registered";
    AuthorizePostIgnoresBody => "authorize_post_ignores_body", "6749-3.1-e",
        "POST /authorize reads no parameters from the form body, so every POST request fails";
    PasswordGrantClientNotAuthenticated => "password_grant_client_not_authenticated", "6749-4.3.2-a",
        "with the password_grant option: a confidential client's client_id alone is accepted for the password grant";
    PasswordNotVerified => "password_not_verified", "6749-4.3.2-b",
        "with the password_grant option: any password is accepted for the fixture user";
    ImplicitRedirectUriUnchecked => "implicit_redirect_uri_unchecked", "6749-4.2.1-a",
        "with the implicit_grant option: response_type=token accepts any absolute redirect_uri";
    ImplicitErrorToInvalidRedirectUri => "implicit_error_to_invalid_redirect_uri", "6749-4.2.2.1-a",
        "with the implicit_grant option: an invalid redirect_uri in an implicit request gets an error redirect to it";
    ImplicitTokenInQuery => "implicit_token_in_query", "6749-4.2.2-a",
        "with the implicit_grant option: the access token is put in the query instead of the fragment";
    ImplicitRefreshToken => "implicit_refresh_token", "6749-4.2.2-b",
        "with the implicit_grant option: the implicit response carries a refresh_token";
    ImplicitErrorInQuery => "implicit_error_in_query", "6749-4.2.2.1-b",
        "with the implicit_grant option: implicit errors go in the query instead of the fragment";
    NarrowedScopeUnstated => "narrowed_scope_unstated", "6749-3.3-a",
        "client_credentials silently drops scope values the client may not have and leaves scope out of the response";

    // ==== Group B: RFC 6749 sections 5 to 10 and RFC 7636 (add below) ====
    // (keep these header lines; they separate the groups so parallel work merges cleanly)
    PkcePlainTransformedAsS256 => "pkce_plain_transformed_as_s256", "7636-4.6-b",
        "a plain code_challenge is verified as if it were S256, so correct plain verifiers fail";
    PkceMissingMethodMeansS256 => "pkce_missing_method_means_s256", "7636-4.3-b",
        "a code_challenge without code_challenge_method is taken as S256 instead of plain";
    PkceDowngradeToPlain => "pkce_downgrade_to_plain", "7636-4.5-b",
        "an S256-bound code is also redeemed with the challenge itself as code_verifier (plain)";
    PkceChallengeNotBoundToCode => "pkce_challenge_not_bound_to_code", "7636-4.4-a",
        "a code_verifier matching any pending code of the same client is accepted";
    CodeCarriesS256Challenge => "code_carries_s256_challenge", "7636-4.4-b",
        "codes issued for an S256 challenge carry the challenge, base64url-encoded, after a dot";
    CodeCarriesPlainChallenge => "code_carries_plain_challenge", "7636-7.2-a",
        "codes issued for a plain challenge carry it (the verifier) unencrypted, base64url-encoded";
    PkceVerifierSyntaxUnchecked => "pkce_verifier_syntax_unchecked", "7636-4.1-a",
        "a code_verifier outside 43-128 unreserved characters is accepted when it matches";
    PkceChallengeSyntaxUnchecked => "pkce_challenge_syntax_unchecked", "7636-4.3-a",
        "a code_challenge outside 43-128 unreserved characters is accepted";
    PkceRequiredErrorUndescribed => "pkce_required_error_undescribed", "7636-4.4.1-b",
        "the error for a missing required code_challenge says only \"invalid request\"";
    PkceMethodErrorUndescribed => "pkce_method_error_undescribed", "7636-4.4.1-d",
        "the error for an unsupported code_challenge_method says only \"invalid request\"";
    TokenErrorNotJson => "missing_grant_type_error_not_json", "6749-5.2-a",
        "a token request without grant_type gets a 400 text/plain body instead of a JSON error";
    ErrorDescriptionEchoesInput => "error_description_echoes_input", "6749-5.2-k",
        "unsupported_grant_type repeats the grant_type verbatim in error_description (quotes, backslashes, non-ASCII)";
    ErrorUriMalformed => "error_uri_malformed", "6749-5.2-l",
        "token errors carry an error_uri with a space and a double quote in it";
    RefreshWithoutClientAuth => "refresh_without_client_auth", "6749-6-a",
        "a confidential client may refresh with its client_id alone";
    RefreshTokenNotValidated => "refresh_token_not_validated", "6749-6-c",
        "a refresh token not in the server's own format (not 43 characters) gets new tokens (default scope) unchecked";
    RefreshScopeWidened => "refresh_scope_widened", "6749-6-d",
        "a refresh may ask for, and gets, scope beyond the original grant (within the client's scopes)";
    RefreshWithoutScopeGetsAll => "refresh_without_scope_gets_all", "6749-6-e",
        "a refresh without scope grants every scope the client is registered for";
    RotatedRefreshTokenNarrowed => "rotated_refresh_token_narrowed", "6749-6-f",
        "a new refresh token issued on a narrowed refresh keeps only the narrowed scope";
    AccessTokenPrefixMatch => "access_token_prefix_match", "6749-10.3-a",
        "access tokens are looked up by their first 16 characters, so altered copies still work";
    RefreshTokenPrefixMatch => "refresh_token_prefix_match", "6749-10.4-b",
        "refresh tokens are looked up by their first 16 characters, so altered copies still work";
    PredictableCodes => "predictable_codes", "6749-10.10-a",
        "authorization codes are a fixed prefix and a counter";
    Codes128Bits => "codes_128_bits", "6749-10.10-b",
        "authorization codes carry 128 random bits (22 base64url characters) instead of 256";
    PredictableAccessTokens => "predictable_access_tokens", "6750-5.2-c",
        "access tokens are a fixed prefix and a counter";
    StateReflectedRaw => "state_reflected_raw", "6749-10.14-a",
        "the consent page shows the request's state without HTML escaping";
    StatePlusNotDecoded => "state_plus_not_decoded", "6749-AppB-a",
        "a '+' in the state of a GET authorization request is kept as '+' instead of decoded as a space";
    ResourceSkipsTokenLookup => "resource_skips_token_lookup", "6749-7-a",
        "the protected resource accepts any token shaped like this server's (43 base64url characters) without looking it up";
    ConsentPageAnonymous => "consent_page_anonymous", "6749-10.2-b",
        "the consent page names neither the client nor the requested scope";
    ResourceErrorUnexplained => "resource_error_unexplained", "6749-7.2-a",
        "a well-formed (43-character) but unknown, revoked or expired token gets a bare Bearer challenge with no error attribute";

    // ==== Group C: RFC 9700 and OAuth 2.1 (add below) ====
    // (keep these header lines; they separate the groups so parallel work merges cleanly)
    UnregisteredClientRedirectAccepted => "unregistered_client_redirect_accepted", "oauth21-2.3.1-a",
        "a client that registered no redirect URI may name any absolute one";
    PasswordGrantAllowed => "password_grant_allowed", "9700-2.4-a",
        "the resource owner password credentials grant is served: grant_type=password with the user's credentials gets tokens";
    CodeRedemptionRace => "code_redemption_race", "6749-4.1.2-d",
        "a code is checked, then the handler awaits, then marks it used: parallel redemptions all get tokens";
    RefreshTokenNotRotated => "refresh_token_not_rotated", "9700-2.2.2-a",
        "a public client's refresh token is neither rotated nor sender-constrained: refreshing returns no new one and the old one keeps working";
    RefreshTokenReissuedNotRotated => "refresh_token_reissued_not_rotated", "9700-2.2.2-a",
        "a public client gets a new refresh token on each refresh, but the old one keeps working too (Keycloak's default)";
    RefreshReuseNotDetected => "refresh_reuse_not_detected", "9700-4.14.2-c",
        "replaying a rotated-out refresh token is refused but leaves the grant's active refresh token valid";
    LoginPageFrameable => "login_page_frameable", "9700-4.16-a",
        "login and consent pages carry neither X-Frame-Options nor a CSP frame-ancestors directive";
    FramingWithoutCsp => "framing_without_csp", "9700-4.16-b",
        "login and consent pages rely on X-Frame-Options alone, without CSP frame-ancestors";
    FramingCspOnly => "framing_csp_only", "9700-4.16-d",
        "login and consent pages carry CSP frame-ancestors but no X-Frame-Options";
    VerifierWithoutChallengeAccepted => "verifier_without_challenge_accepted", "9700-2.1.1-c",
        "a code_verifier is accepted for a code whose authorization request had no code_challenge (PKCE downgrade)";
    VerifierWithoutChallengeInvalidGrant => "verifier_without_challenge_invalid_grant", "oauth21-3.2.4-a",
        "a code_verifier for a code issued without a code_challenge is refused with invalid_grant instead of invalid_request";
    TokenResponseNullMembers => "token_response_null_members", "oauth21-C.3-a",
        "successful token responses carry \"id_token\": null instead of leaving the member out";
    BearerSchemeCaseSensitive => "bearer_scheme_case_sensitive", "oauth21-5.1.1-a",
        "the resource accepts the Authorization scheme only written \"Bearer\"; bearer, BEARER… count as no token";
    AuthorizeCorsAllowed => "authorize_cors_allowed", "9700-2.6-d",
        "the authorization endpoint answers cross-origin requests with Access-Control-Allow-Origin echoing the Origin";
    MetadataWithoutPkceMethods => "metadata_without_pkce_methods", "9700-2.1.1-d",
        "the metadata omits code_challenge_methods_supported, so clients cannot detect PKCE support";
    MetadataPkcePlainOnly => "metadata_pkce_plain_only", "9700-2.1.1-e",
        "the metadata lists code_challenge_methods_supported as [\"plain\"] only";
    ResponseTypeTokenAsCode => "response_type_token_as_code", "oauth21-10.1-a",
        "response_type=token (the removed implicit grant) is not refused but handled like code";
    LoginRedirect307 => "login_redirect_307", "9700-4.12-a",
        "the login form's POST is answered with 307, so the browser re-posts the credentials to the consent page";
    LoginRedirect308 => "login_redirect_308", "9700-4.12-b",
        "the login form's POST is answered with 308 instead of 303 See Other (the credentials are re-posted)";
    InvalidReplayRevokes => "invalid_replay_revokes", "oauth21-7.5.2-a",
        "a replayed code with a wrong code_verifier revokes the tokens already issued from it";
    IssuerMismatchInRedirect => "issuer_mismatch_in_redirect", "oauth21-4.1.2-a",
        "the iss parameter of authorization responses is not the metadata issuer (a trailing /other is added)";
    RefreshTokenPrefixChecked => "refresh_token_prefix_checked", "9700-4.14.2-d",
        "a refresh token is recognised by its first 16 characters, so an altered token still works";
    QueryAccessTokenAccepted => "query_access_token_accepted", "oauth21-5.1-a",
        "the protected resource accepts an access token in the URI query (?access_token=)";
    LoginPageThirdPartyScript => "login_page_third_party_script", "9700-4.2.4-a",
        "the login page loads an analytics script from a third-party origin";
    ErrorRedirectBeforeLogin => "error_redirect_before_login", "9700-4.11.2-a",
        "an invalid authorization request from a trusted client is redirected with the error at once, before the user signs in";
    PublicRefreshTokenNotBound => "public_refresh_token_not_bound", "oauth21-4.3.1-a",
        "a public client's refresh token works for another public client that sends its own client_id";
    RequestedScopeUnstated => "requested_scope_unstated", "oauth21-3.2.3-a",
        "a code exchange whose authorization request named a scope leaves scope out of the token response (it equals the requested one)";
    WebMessageWildcardOrigin => "web_message_wildcard_origin", "9700-4.17.2-b",
        "response_mode=web_message posts the authorization response to the wildcard origin \"*\"";
    WebMessageUncheckedOrigin => "web_message_unchecked_origin", "9700-4.17.2-a",
        "response_mode=web_message posts to an origin built from the redirect URI's scheme and host only, not the registered origin (the port is lost)";
    NativeLoopbackPortExact => "native_loopback_port_exact", "9700-4.1.3-a",
        "a native client's loopback redirect URI is compared with its port, so the ephemeral port the app listens on is refused";

    // ==== Group D: RFC 6750, 7009, 7662, 8414 (add below) ====
    // (keep these header lines; they separate the groups so parallel work merges cleanly)
    CodeNeverExpires => "code_never_expires", "6749-4.1.2-b",
        "authorization codes live an hour whatever the configured code lifetime";
    ExpiredAccessTokenAccepted => "expired_access_token_accepted", "6750-5.2-e",
        "the protected resource accepts access tokens after they expire";
    IntrospectionIgnoresExpiry => "introspection_ignores_expiry", "7662-4-a",
        "expired access tokens still introspect as active";
    AccessTokenLifetimeLong => "access_token_lifetime_long", "6750-5.3-a",
        "access tokens live two hours (expires_in 7200) whatever the configured lifetime";
    ExpiredTokenChallengeWithoutError => "expired_token_challenge_without_error", "6750-3-d",
        "an expired token gets 401 with a Bearer challenge that has no error attribute";
    BearerChallengeWithoutParams => "bearer_challenge_without_params", "6750-3-b",
        "a request without a token gets the bare challenge `Bearer`, with no auth-param";
    BearerChallengeRepeatsRealm => "bearer_challenge_repeats_realm", "6750-3-c",
        "error challenges carry the realm attribute twice";
    BearerErrorDescriptionEscaped => "bearer_error_description_escaped", "6750-3-e",
        "error_description carries backslash-escaped quotes, characters RFC 6750 §3 excludes";
    BearerErrorWithoutAuthentication => "bearer_error_without_authentication", "6750-3.1-d",
        "a request without any authentication gets error=\"invalid_request\" in its challenge";
    InsufficientScopeAsInvalidToken => "insufficient_scope_as_invalid_token", "6750-3.1-c",
        "a token lacking the required scope gets 401 invalid_token instead of 403 insufficient_scope";
    InsufficientScopeWithoutChallenge => "insufficient_scope_without_challenge", "6750-3-a",
        "a token lacking the required scope gets 403 with {\"error\":\"insufficient_scope\"} in a JSON body and no WWW-Authenticate";
    BearerTwoMethodsAccepted => "bearer_two_methods_accepted", "6750-3.1-a",
        "a token sent both in the Authorization header and the form body is accepted";
    BearerBodyTokenRejected => "bearer_body_token_rejected", "6750-2.2-a",
        "a token in the form-encoded body is refused as invalid_token (only the header works)";
    MetadataTokenJwtWithoutAlgs => "metadata_token_jwt_without_algs", "8414-2-h",
        "the metadata lists client_secret_jwt for the token endpoint without token_endpoint_auth_signing_alg_values_supported";
    MetadataTokenAlgNone => "metadata_token_alg_none", "8414-2-i",
        "token_endpoint_auth_signing_alg_values_supported lists \"none\"";
    MetadataPrivateKeyJwtWithoutRs256 => "metadata_private_key_jwt_without_rs256", "8414-2-j",
        "the metadata lists private_key_jwt with ES256 as the only signing algorithm";
    MetadataRevocationJwtWithoutAlgs => "metadata_revocation_jwt_without_algs", "8414-2-k",
        "the metadata lists client_secret_jwt for revocation without revocation_endpoint_auth_signing_alg_values_supported";
    MetadataRevocationAlgNone => "metadata_revocation_alg_none", "8414-2-l",
        "revocation_endpoint_auth_signing_alg_values_supported lists \"none\"";
    MetadataIntrospectionJwtWithoutAlgs => "metadata_introspection_jwt_without_algs", "8414-2-m",
        "the metadata lists client_secret_jwt for introspection without introspection_endpoint_auth_signing_alg_values_supported";
    MetadataIntrospectionAlgNone => "metadata_introspection_alg_none", "8414-2-n",
        "introspection_endpoint_auth_signing_alg_values_supported lists \"none\"";
    RevocationErrorsAsText => "revocation_errors_as_text", "7009-2.2.1-a",
        "revocation error responses are served as text/plain instead of application/json";
    ResourceTokenCaseInsensitive => "resource_token_case_insensitive", "6750-5.2-d",
        "the protected resource looks access tokens up ignoring ASCII case, so altered tokens pass";
    TokenCookieWithoutSecure => "token_cookie_without_secure", "6750-5.3-c",
        "token responses also set the access token in a cookie without the Secure attribute";
    JwksWithoutUse => "jwks_without_use", "8414-2-e",
        "the metadata names a jwks_uri whose JWK Set mixes signing and encryption keys without \"use\"";
    TokenAudienceNotResource => "token_audience_not_resource", "6750-5.3-b",
        "access tokens introspect with the issuer as aud instead of the protected resource";
    OmittedScopeGrantsEverything => "omitted_scope_grants_everything", "6750-5.2-f",
        "an authorization request without scope is granted every scope the client may ask for";
    MetadataNotAtWellKnown => "metadata_not_at_well_known", "8414-3-a",
        "the metadata is served at /metadata (named in the printed target config), not at the well-known URL";
    SignedMetadataUnsigned => "signed_metadata_unsigned", "8414-2.1-a",
        "the metadata carries signed_metadata as an unsigned JWT (alg none)";
    SignedMetadataNested => "signed_metadata_nested", "8414-2.1-b",
        "the signed_metadata JWT contains a signed_metadata claim";

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
