//! Mutations with protocol knowledge. Each is a pure function of a valid request, what the
//! fuzzer knows about it ([`Material`]) and a random source; each says whether its output is a
//! request the server *must* reject, and which rule says so, so the oracles can tell a lenient
//! server from a broken one.

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::Rng;

use super::corpus::SeedKind;
use super::request::{Endpoint, FuzzRequest, FORM};
use crate::client::form_urlencode;

/// The kinds of mutation, in the order they are drawn from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MutationKind {
    DropParam,
    DuplicateParam,
    ReorderParams,
    EmptyValue,
    OversizedValue,
    BadPercentEncoding,
    BadUtf8,
    WrongContentType,
    TwoAuthMethods,
    DropClientAuth,
    TruncatedSecret,
    ForeignSecret,
    ForeignClient,
    MethodSwitch,
    RedirectUriVariant,
    VerifierVariant,
    StaleCode,
    ForeignCode,
}

impl MutationKind {
    pub const ALL: &'static [MutationKind] = &[
        MutationKind::DropParam,
        MutationKind::DuplicateParam,
        MutationKind::ReorderParams,
        MutationKind::EmptyValue,
        MutationKind::OversizedValue,
        MutationKind::BadPercentEncoding,
        MutationKind::BadUtf8,
        MutationKind::WrongContentType,
        MutationKind::TwoAuthMethods,
        MutationKind::DropClientAuth,
        MutationKind::TruncatedSecret,
        MutationKind::ForeignSecret,
        MutationKind::ForeignClient,
        MutationKind::MethodSwitch,
        MutationKind::RedirectUriVariant,
        MutationKind::VerifierVariant,
        MutationKind::StaleCode,
        MutationKind::ForeignCode,
    ];

    pub fn name(self) -> &'static str {
        match self {
            MutationKind::DropParam => "drop_param",
            MutationKind::DuplicateParam => "duplicate_param",
            MutationKind::ReorderParams => "reorder_params",
            MutationKind::EmptyValue => "empty_value",
            MutationKind::OversizedValue => "oversized_value",
            MutationKind::BadPercentEncoding => "bad_percent_encoding",
            MutationKind::BadUtf8 => "bad_utf8",
            MutationKind::WrongContentType => "wrong_content_type",
            MutationKind::TwoAuthMethods => "two_auth_methods",
            MutationKind::DropClientAuth => "drop_client_auth",
            MutationKind::TruncatedSecret => "truncated_secret",
            MutationKind::ForeignSecret => "foreign_secret",
            MutationKind::ForeignClient => "foreign_client",
            MutationKind::MethodSwitch => "method_switch",
            MutationKind::RedirectUriVariant => "redirect_uri_variant",
            MutationKind::VerifierVariant => "verifier_variant",
            MutationKind::StaleCode => "stale_code",
            MutationKind::ForeignCode => "foreign_code",
        }
    }

    /// Whether the mutation can apply to requests of `seed` at all (it may still find nothing
    /// to change in one particular request).
    pub fn applies_to(self, seed: SeedKind) -> bool {
        let back_channel = seed != SeedKind::Authorization;
        let code = matches!(
            seed,
            SeedKind::CodeRedemption | SeedKind::PublicCodeRedemption
        );
        match self {
            MutationKind::WrongContentType
            | MutationKind::TwoAuthMethods
            | MutationKind::DropClientAuth
            | MutationKind::TruncatedSecret
            | MutationKind::ForeignSecret => back_channel,
            MutationKind::ForeignClient => {
                matches!(
                    seed,
                    SeedKind::CodeRedemption | SeedKind::PublicCodeRedemption | SeedKind::Refresh
                )
            }
            MutationKind::RedirectUriVariant => seed == SeedKind::Authorization || code,
            MutationKind::VerifierVariant | MutationKind::StaleCode | MutationKind::ForeignCode => {
                code
            }
            _ => true,
        }
    }
}

/// What a mutator may use besides the request.
#[derive(Debug, Clone, Default)]
pub struct Material {
    pub seed: Option<SeedKind>,
    /// Parameters the request cannot do without (RFC 6749 §4.1.1, §4.1.3, §4.4.2, §6; RFC 7636
    /// §4.5; RFC 7009 §2.1; RFC 7662 §2.1).
    pub required: Vec<String>,
    /// Whether the request's client is confidential (it must authenticate, §2.2, §3.2.1).
    pub confidential: bool,
    /// Other clients: (id, secret).
    pub others: Vec<(String, Option<String>)>,
    /// A code that has been redeemed already.
    pub stale_code: Option<String>,
    /// An unredeemed code issued to another client.
    pub foreign_code: Option<String>,
}

/// One mutation as applied: what changed, and whether the server must now refuse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub kind: MutationKind,
    /// What exactly changed, e.g. `duplicate_param(grant_type)`.
    pub detail: String,
    /// The rule that makes the mutated request invalid, if it is.
    pub must_reject: Option<&'static str>,
    /// The parameter the mutation targeted, if it targeted one.
    pub param: Option<String>,
}

impl Applied {
    /// The rule that still makes `last` invalid once every mutation of the case has been
    /// applied to `original`: a later mutation can undo an earlier one (empty one copy of a
    /// duplicated parameter, drop the body secret added next to Basic…).
    pub fn still_rejects(
        &self,
        original: &FuzzRequest,
        last: &FuzzRequest,
    ) -> Option<&'static str> {
        let why = self.must_reject?;
        let param = self.param.as_deref().unwrap_or_default();
        let present = |r: &FuzzRequest, name: &str| {
            r.params.iter().any(|(k, v)| k == name && !v.is_empty())
                || (r.basic.is_some() && matches!(name, "client_id" | "client_secret"))
        };
        let holds = match self.kind {
            MutationKind::DropParam | MutationKind::EmptyValue => !present(last, param),
            MutationKind::DuplicateParam => {
                last.params
                    .iter()
                    .filter(|(k, v)| k == param && !v.is_empty())
                    .count()
                    > 1
            }
            MutationKind::OversizedValue
            | MutationKind::BadPercentEncoding
            | MutationKind::BadUtf8
            | MutationKind::RedirectUriVariant
            | MutationKind::VerifierVariant
            | MutationKind::StaleCode
            | MutationKind::ForeignCode => {
                last.value(param).is_some_and(|v| !v.is_empty())
                    && last.value(param) != original.value(param)
            }
            MutationKind::TwoAuthMethods => {
                last.basic.is_some() && last.value("client_secret").is_some_and(|v| !v.is_empty())
            }
            MutationKind::DropClientAuth => {
                last.basic.is_none() && last.value("client_secret").is_none_or(|v| v.is_empty())
            }
            MutationKind::TruncatedSecret | MutationKind::ForeignSecret => {
                last.client_secret() != original.client_secret()
            }
            MutationKind::ForeignClient => client_id_of(last) != client_id_of(original),
            MutationKind::MethodSwitch => last.method != original.method,
            MutationKind::ReorderParams | MutationKind::WrongContentType => false,
        };
        holds.then_some(why)
    }
}

fn client_id_of(r: &FuzzRequest) -> Option<String> {
    match &r.basic {
        Some((id, _)) => Some(id.clone()),
        None => r.value("client_id"),
    }
}

/// Parameters whose values the server must match exactly: changing one makes the request
/// invalid (unknown grant type, code, client, redirect URI, verifier…).
pub fn is_exact(name: &str) -> bool {
    matches!(
        name,
        "grant_type"
            | "code"
            | "redirect_uri"
            | "code_verifier"
            | "refresh_token"
            | "client_id"
            | "client_secret"
            | "response_type"
            | "code_challenge_method"
    )
}

/// Applies one mutation; `None` when it finds nothing to change in this request.
pub fn apply(
    kind: MutationKind,
    request: &FuzzRequest,
    material: &Material,
    rng: &mut StdRng,
) -> Option<(FuzzRequest, Applied)> {
    let mut r = request.clone();
    let (detail, must_reject) = match kind {
        MutationKind::DropParam => drop_param(&mut r, material, rng)?,
        MutationKind::DuplicateParam => duplicate_param(&mut r, rng)?,
        MutationKind::ReorderParams => reorder_params(&mut r, rng)?,
        MutationKind::EmptyValue => empty_value(&mut r, material, rng)?,
        MutationKind::OversizedValue => oversized_value(&mut r, rng)?,
        MutationKind::BadPercentEncoding => bad_percent_encoding(&mut r, rng)?,
        MutationKind::BadUtf8 => bad_utf8(&mut r, rng)?,
        MutationKind::WrongContentType => wrong_content_type(&mut r, rng)?,
        MutationKind::TwoAuthMethods => two_auth_methods(&mut r)?,
        MutationKind::DropClientAuth => drop_client_auth(&mut r, material)?,
        MutationKind::TruncatedSecret => truncated_secret(&mut r, rng)?,
        MutationKind::ForeignSecret => foreign_secret(&mut r, material, rng)?,
        MutationKind::ForeignClient => foreign_client(&mut r, material, rng)?,
        MutationKind::MethodSwitch => method_switch(&mut r)?,
        MutationKind::RedirectUriVariant => redirect_uri_variant(&mut r, rng)?,
        MutationKind::VerifierVariant => verifier_variant(&mut r, rng)?,
        MutationKind::StaleCode => replace_code(&mut r, material.stale_code.as_deref(), "stale")?,
        MutationKind::ForeignCode => {
            replace_code(&mut r, material.foreign_code.as_deref(), "foreign")?
        }
    };
    let param = match kind {
        MutationKind::DropParam
        | MutationKind::DuplicateParam
        | MutationKind::EmptyValue
        | MutationKind::OversizedValue
        | MutationKind::BadPercentEncoding
        | MutationKind::BadUtf8 => detail.split('+').next().map(str::to_string),
        MutationKind::RedirectUriVariant => Some("redirect_uri".into()),
        MutationKind::VerifierVariant => Some("code_verifier".into()),
        MutationKind::StaleCode | MutationKind::ForeignCode => Some("code".into()),
        _ => None,
    };
    Some((
        r,
        Applied {
            kind,
            detail: format!("{}({detail})", kind.name()),
            must_reject,
            param,
        },
    ))
}

type Outcome = Option<(String, Option<&'static str>)>;

const REQUIRED_MISSING: &str =
    "a required parameter is missing (RFC 6749 §4.1.1, §4.1.3, §5.2 invalid_request)";
const EXACT_CHANGED: &str =
    "a value the server must match exactly was changed (client, code, grant, redirect URI or verifier)";
const CLIENT_AUTH: &str = "the client did not authenticate (RFC 6749 §2.3.1, §3.2.1, §4.4.2)";
const WRONG_SECRET: &str =
    "the client secret is wrong, so the client did not authenticate (RFC 6749 §2.3.1, §4.4.2, §6)";

fn pick_index(r: &FuzzRequest, rng: &mut StdRng) -> Option<usize> {
    if r.params.is_empty() {
        None
    } else {
        Some(rng.random_range(0..r.params.len()))
    }
}

fn is_required(material: &Material, r: &FuzzRequest, name: &str) -> bool {
    // With HTTP Basic the body's client_id and client_secret are not needed (§2.3.1).
    if r.basic.is_some() && matches!(name, "client_id" | "client_secret") {
        return false;
    }
    material.required.iter().any(|n| n == name)
}

/// Only the token and authorization endpoints have the "only once" rule (RFC 6749 §3.1, §3.2)
/// and issue codes or tokens.
fn issues_something(r: &FuzzRequest) -> bool {
    matches!(r.endpoint, Endpoint::Authorization | Endpoint::Token)
}

/// Where a wrong client credential must change the answer: token issuance, and introspection
/// (RFC 7662 §2.1: the caller must be authorized).
fn credentials_matter(r: &FuzzRequest) -> bool {
    matches!(r.endpoint, Endpoint::Token | Endpoint::Introspection)
}

fn drop_param(r: &mut FuzzRequest, m: &Material, rng: &mut StdRng) -> Outcome {
    let i = pick_index(r, rng)?;
    let name = r.params[i].0.clone();
    r.remove(&name);
    let reject = is_required(m, r, &name).then_some(REQUIRED_MISSING);
    Some((name, reject))
}

fn duplicate_param(r: &mut FuzzRequest, rng: &mut StdRng) -> Outcome {
    let i = pick_index(r, rng)?;
    let pair = r.params[i].clone();
    r.params.insert(i + 1, pair.clone());
    let reject = issues_something(r)
        .then_some("RFC 6749 §3.1, §3.2: request parameters MUST NOT be included more than once");
    Some((pair.0, reject))
}

fn reorder_params(r: &mut FuzzRequest, rng: &mut StdRng) -> Outcome {
    if r.params.len() < 2 {
        return None;
    }
    let before = r.params.clone();
    r.params.shuffle(rng);
    if r.params == before {
        r.params.rotate_left(1);
    }
    Some(("shuffled".into(), None))
}

fn empty_value(r: &mut FuzzRequest, m: &Material, rng: &mut StdRng) -> Outcome {
    let i = pick_index(r, rng)?;
    let name = r.params[i].0.clone();
    r.params[i].1.clear();
    // RFC 6749 §3.1, §3.2: a parameter sent without a value is treated as omitted.
    let another = r.params.iter().any(|(k, v)| *k == name && !v.is_empty());
    let reject = (is_required(m, r, &name) && !another).then_some(REQUIRED_MISSING);
    Some((name, reject))
}

fn oversized_value(r: &mut FuzzRequest, rng: &mut StdRng) -> Outcome {
    let i = pick_index(r, rng)?;
    let sizes: &[usize] = if r.method == "GET" {
        &[1024, 6144]
    } else {
        &[1024, 16384, 49152]
    };
    let n = sizes[rng.random_range(0..sizes.len())];
    let name = r.params[i].0.clone();
    r.params[i].1.push_str(&"A".repeat(n));
    let reject = is_exact(&name).then_some(EXACT_CHANGED);
    Some((format!("{name}+{n}B"), reject))
}

fn append_raw(r: &mut FuzzRequest, rng: &mut StdRng, choices: &[&str]) -> Outcome {
    let i = pick_index(r, rng)?;
    let junk = choices[rng.random_range(0..choices.len())];
    let name = r.params[i].0.clone();
    r.params[i].1.push_str(junk);
    let reject = is_exact(&name).then_some(EXACT_CHANGED);
    Some((format!("{name}+{junk}"), reject))
}

fn bad_percent_encoding(r: &mut FuzzRequest, rng: &mut StdRng) -> Outcome {
    append_raw(r, rng, &["%", "%zz", "%4", "%%41", "%G0"])
}

fn bad_utf8(r: &mut FuzzRequest, rng: &mut StdRng) -> Outcome {
    // A lone continuation byte, a truncated sequence, an encoded surrogate, an overlong '/'.
    append_raw(r, rng, &["%FF", "%C3%28", "%ED%A0%80", "%C0%AF", "%E9"])
}

fn wrong_content_type(r: &mut FuzzRequest, rng: &mut StdRng) -> Outcome {
    if r.method != "POST" {
        return None;
    }
    let choices: [Option<&str>; 4] = [
        None,
        Some("text/plain"),
        Some("application/json"),
        Some("multipart/form-data; boundary=x"),
    ];
    let ct = choices[rng.random_range(0..choices.len())];
    r.content_type = ct.map(str::to_string);
    // Lenient parsing of a mislabelled body is not a violation in itself.
    Some((ct.unwrap_or("none").to_string(), None))
}

fn two_auth_methods(r: &mut FuzzRequest) -> Outcome {
    let reject = (r.endpoint == Endpoint::Token).then_some(
        "RFC 6749 §2.3: the client MUST NOT use more than one authentication method (§5.2 invalid_request)",
    );
    if let Some((id, secret)) = r.basic.clone() {
        if r.has("client_secret") {
            return None;
        }
        if !r.has("client_id") {
            r.params.push(("client_id".into(), form_urlencode(&id)));
        }
        r.params
            .push(("client_secret".into(), form_urlencode(&secret)));
        return Some(("basic+body".into(), reject));
    }
    let id = r.value("client_id")?;
    let secret = r.value("client_secret")?;
    r.basic = Some((id, secret));
    Some(("body+basic".into(), reject))
}

fn drop_client_auth(r: &mut FuzzRequest, m: &Material) -> Outcome {
    let had_secret = r.basic.is_some() || r.has("client_secret");
    if !had_secret {
        return None;
    }
    if let Some((id, _)) = r.basic.take() {
        if !r.has("client_id") {
            r.params.push(("client_id".into(), form_urlencode(&id)));
        }
    }
    r.remove("client_secret");
    let reject = (m.confidential && credentials_matter(r)).then_some(CLIENT_AUTH);
    Some(("client_id only".into(), reject))
}

fn set_secret(r: &mut FuzzRequest, secret: &str) {
    if let Some((_, s)) = &mut r.basic {
        *s = secret.to_string();
    } else {
        r.set("client_secret", secret);
    }
}

fn truncated_secret(r: &mut FuzzRequest, rng: &mut StdRng) -> Outcome {
    let secret = r.client_secret()?;
    let chars: Vec<char> = secret.chars().collect();
    if chars.len() < 2 {
        return None;
    }
    let keep = rng.random_range(1..chars.len());
    let short: String = chars[..keep].iter().collect();
    set_secret(r, &short);
    let reject = credentials_matter(r).then_some(WRONG_SECRET);
    Some((format!("{keep} of {} chars", chars.len()), reject))
}

fn other<'a>(
    m: &'a Material,
    rng: &mut StdRng,
    with_secret: bool,
) -> Option<&'a (String, Option<String>)> {
    let candidates: Vec<_> = m
        .others
        .iter()
        .filter(|(_, s)| !with_secret || s.is_some())
        .collect();
    if candidates.is_empty() {
        None
    } else {
        Some(candidates[rng.random_range(0..candidates.len())])
    }
}

fn foreign_secret(r: &mut FuzzRequest, m: &Material, rng: &mut StdRng) -> Outcome {
    let ours = r.client_secret()?;
    let (id, secret) = other(m, rng, true)?;
    let secret = secret.as_deref()?;
    if secret == ours {
        return None;
    }
    set_secret(r, secret);
    let reject = credentials_matter(r).then_some(WRONG_SECRET);
    Some((format!("secret of {id}"), reject))
}

fn foreign_client(r: &mut FuzzRequest, m: &Material, rng: &mut StdRng) -> Outcome {
    let (id, secret) = other(m, rng, false)?;
    if let Some(basic) = &mut r.basic {
        *basic = (id.clone(), secret.clone()?);
    } else {
        r.set("client_id", id);
        if let Some(s) = secret {
            if r.has("client_secret") {
                r.set("client_secret", s);
            } else {
                r.params.push(("client_secret".into(), form_urlencode(s)));
            }
        }
    }
    Some((
        id.clone(),
        Some(
            "RFC 6749 §4.1.3, §6: a code or refresh token is bound to the client it was issued to",
        ),
    ))
}

fn method_switch(r: &mut FuzzRequest) -> Outcome {
    if r.method == "GET" {
        r.method = "POST".into();
        r.content_type = Some(FORM.into());
        return Some(("GET->POST".into(), None));
    }
    r.method = "GET".into();
    let reject = (r.endpoint == Endpoint::Token)
        .then_some("RFC 6749 §3.2: the client MUST use POST at the token endpoint");
    Some(("POST->GET".into(), reject))
}

fn redirect_uri_variant(r: &mut FuzzRequest, rng: &mut StdRng) -> Outcome {
    let uri = r.value("redirect_uri")?;
    let mut variants = vec![
        ("trailing slash", toggle_trailing_slash(&uri)),
        ("extra path", format!("{}x", uri.trim_end_matches('/'))),
        (
            "extra query",
            format!("{uri}{}extra=1", if uri.contains('?') { '&' } else { '?' }),
        ),
        (
            "dot segments",
            format!("{}/../evil", uri.trim_end_matches('/')),
        ),
        ("fragment", format!("{uri}#frag")),
    ];
    if let Ok(mut u) = url::Url::parse(&uri) {
        if let Some(port) = u.port_or_known_default() {
            if u.set_port(Some(port.wrapping_add(1))).is_ok() {
                variants.push(("other port", u.to_string()));
            }
        }
        let path = u.path().to_string();
        if path.chars().any(|c| c.is_ascii_lowercase()) {
            let mut upper = url::Url::parse(&uri).ok()?;
            upper.set_path(&path.to_ascii_uppercase());
            variants.push(("path case", upper.to_string()));
        }
    }
    let (what, value) = variants.swap_remove(rng.random_range(0..variants.len()));
    if value == uri {
        return None;
    }
    r.set("redirect_uri", &value);
    Some((
        what.to_string(),
        Some("RFC 6749 §3.1.2.3, §4.1.3: redirect_uri is compared to the registered one exactly"),
    ))
}

fn toggle_trailing_slash(uri: &str) -> String {
    match uri.strip_suffix('/') {
        Some(s) => s.to_string(),
        None => format!("{uri}/"),
    }
}

fn verifier_variant(r: &mut FuzzRequest, rng: &mut StdRng) -> Outcome {
    let v = r.value("code_verifier")?;
    if v.chars().count() < 2 {
        return None;
    }
    // By characters: an earlier mutation may have appended non-ASCII.
    let chars: Vec<char> = v.chars().collect();
    let head: String = chars[..chars.len() - 1].iter().collect();
    let last = chars[chars.len() - 1];
    let flipped = if last == 'A' { 'B' } else { 'A' };
    let variants = [
        ("last char changed", format!("{head}{flipped}")),
        ("truncated to 42", v.chars().take(42).collect::<String>()),
        (
            "extended to 129",
            format!("{v}{}", "a".repeat(129usize.saturating_sub(v.len()).max(1))),
        ),
        ("one char appended", format!("{v}a")),
        ("invalid character", format!("{head}!")),
        ("upper-cased", v.to_ascii_uppercase()),
    ];
    let (what, value) = &variants[rng.random_range(0..variants.len())];
    if *value == v {
        return None;
    }
    r.set("code_verifier", value);
    Some((
        what.to_string(),
        Some("RFC 7636 §4.6: the server MUST refuse a code_verifier that does not match the challenge"),
    ))
}

fn replace_code(r: &mut FuzzRequest, code: Option<&str>, what: &str) -> Outcome {
    let code = code?;
    if !r.has("code") || r.value("code").as_deref() == Some(code) {
        return None;
    }
    r.set("code", code);
    Some((
        what.to_string(),
        Some("RFC 6749 §4.1.2, §4.1.3: a code is single-use and bound to its client"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::RawRequest;
    use rand::SeedableRng;

    fn cc() -> FuzzRequest {
        let raw = RawRequest::post("http://as/token")
            .basic_auth("conf", "s3cret-value")
            .form(&[("grant_type", "client_credentials"), ("scope", "read")]);
        FuzzRequest::from_raw(Endpoint::Token, "http://as/token", &raw).unwrap()
    }

    fn material() -> Material {
        Material {
            seed: Some(SeedKind::ClientCredentials),
            required: vec!["grant_type".into()],
            confidential: true,
            others: vec![("conf-2".into(), Some("other-secret".into()))],
            ..Material::default()
        }
    }

    #[test]
    fn every_mutation_is_a_pure_function_of_its_inputs() {
        for &kind in MutationKind::ALL {
            let a = apply(kind, &cc(), &material(), &mut StdRng::seed_from_u64(7));
            let b = apply(kind, &cc(), &material(), &mut StdRng::seed_from_u64(7));
            assert_eq!(a, b, "{kind:?}");
            if let Some((r, _)) = a {
                assert_ne!(r, cc(), "{kind:?} changed nothing");
            }
        }
    }

    #[test]
    fn a_duplicated_parameter_at_the_token_endpoint_must_be_rejected() {
        let (r, applied) = apply(
            MutationKind::DuplicateParam,
            &cc(),
            &material(),
            &mut StdRng::seed_from_u64(1),
        )
        .unwrap();
        assert_eq!(r.params.len(), 3);
        assert!(applied.must_reject.is_some());
    }

    #[test]
    fn reordering_keeps_the_request_valid() {
        let (_, applied) = apply(
            MutationKind::ReorderParams,
            &cc(),
            &material(),
            &mut StdRng::seed_from_u64(1),
        )
        .unwrap();
        assert_eq!(applied.must_reject, None);
    }

    #[test]
    fn dropping_is_invalid_only_for_required_parameters() {
        for seed in 0..20 {
            let (r, applied) = apply(
                MutationKind::DropParam,
                &cc(),
                &material(),
                &mut StdRng::seed_from_u64(seed),
            )
            .unwrap();
            assert_eq!(
                applied.must_reject.is_some(),
                !r.has("grant_type"),
                "{applied:?}"
            );
        }
    }

    #[test]
    fn a_truncated_secret_is_a_strict_prefix_and_must_be_rejected() {
        let (r, applied) = apply(
            MutationKind::TruncatedSecret,
            &cc(),
            &material(),
            &mut StdRng::seed_from_u64(3),
        )
        .unwrap();
        let secret = r.client_secret().unwrap();
        assert!(
            !secret.is_empty() && "s3cret-value".starts_with(&secret) && secret != "s3cret-value"
        );
        assert!(applied.must_reject.is_some());
    }

    #[test]
    fn two_auth_methods_adds_the_body_credentials() {
        let (r, applied) = apply(
            MutationKind::TwoAuthMethods,
            &cc(),
            &material(),
            &mut StdRng::seed_from_u64(0),
        )
        .unwrap();
        assert!(r.basic.is_some());
        assert_eq!(r.value("client_secret").as_deref(), Some("s3cret-value"));
        assert!(applied.must_reject.is_some());
    }

    #[test]
    fn switching_to_get_at_the_token_endpoint_must_be_rejected() {
        let (r, applied) = apply(
            MutationKind::MethodSwitch,
            &cc(),
            &material(),
            &mut StdRng::seed_from_u64(0),
        )
        .unwrap();
        assert_eq!(r.method, "GET");
        assert!(applied.must_reject.is_some());
    }

    #[test]
    fn verifier_variants_cope_with_non_ascii_left_by_an_earlier_mutation() {
        let raw = RawRequest::post("http://as/token").form(&[
            ("grant_type", "authorization_code"),
            ("code_verifier", "abc\u{fffd}\u{fffd}"),
        ]);
        let req = FuzzRequest::from_raw(Endpoint::Token, "http://as/token", &raw).unwrap();
        for seed in 0..30 {
            let _ = apply(
                MutationKind::VerifierVariant,
                &req,
                &material(),
                &mut StdRng::seed_from_u64(seed),
            );
        }
    }

    #[test]
    fn a_later_mutation_can_undo_the_reason_to_reject() {
        let original = cc();
        let mut rng = StdRng::seed_from_u64(0);
        let (two, applied) = apply(
            MutationKind::TwoAuthMethods,
            &original,
            &material(),
            &mut rng,
        )
        .unwrap();
        assert!(applied.still_rejects(&original, &two).is_some());
        let mut undone = two.clone();
        undone.remove("client_secret");
        assert_eq!(applied.still_rejects(&original, &undone), None);

        let (dup, applied) = apply(
            MutationKind::DuplicateParam,
            &original,
            &material(),
            &mut rng,
        )
        .unwrap();
        let name = applied.param.clone().unwrap();
        let mut emptied = dup.clone();
        if let Some(p) = emptied.params.iter_mut().rfind(|(k, _)| *k == name) {
            p.1.clear();
        }
        assert!(applied.still_rejects(&original, &dup).is_some());
        assert_eq!(applied.still_rejects(&original, &emptied), None);
    }

    #[test]
    fn redirect_uri_variants_differ_from_the_original() {
        let raw = RawRequest::get("http://as/authorize").query(&[
            ("client_id", "c"),
            ("redirect_uri", "http://127.0.0.1:9999/cb"),
        ]);
        let req =
            FuzzRequest::from_raw(Endpoint::Authorization, "http://as/authorize", &raw).unwrap();
        for seed in 0..30 {
            if let Some((r, a)) = apply(
                MutationKind::RedirectUriVariant,
                &req,
                &material(),
                &mut StdRng::seed_from_u64(seed),
            ) {
                assert_ne!(r.value("redirect_uri").unwrap(), "http://127.0.0.1:9999/cb");
                assert!(a.must_reject.is_some());
            }
        }
    }
}
