//! In-memory state: browser sessions, pending authorization requests, authorization codes and
//! tokens. It lives behind one `Mutex` in [`crate::AppState`]; no lock is held across an
//! `.await`.
//!
//! Every map is bounded and expired entries are pruned, so a fuzzer hammering the server cannot
//! make it run out of memory.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;

use crate::pkce::CodeChallengeMethod;
use crate::scope::Scope;
use crate::Quirk;

/// How long a started authorization request waits for login and consent.
const PENDING_LIFETIME: Duration = Duration::from_secs(600);
/// How long an idle browser session lives.
const SESSION_LIFETIME: Duration = Duration::from_secs(3600);
/// How often expired entries are swept.
const PRUNE_INTERVAL: Duration = Duration::from_secs(5);
/// How long an expired access token or code is remembered, so the server can say that it
/// expired (RFC 6750 §3.1 invalid_token) rather than that it is unknown.
const EXPIRED_TOKEN_MEMORY: Duration = Duration::from_secs(60);

const MAX_SESSIONS: usize = 4096;
const MAX_PENDING: usize = 4096;
const MAX_CODES: usize = 16_384;
const MAX_TOKENS: usize = 100_000;
/// Secrets remembered for [`crate::RunningServer::secrets_seen`]; later ones are not recorded.
const MAX_SEEN: usize = 100_000;

/// 32 random bytes, base64url without padding: 256 bits, infeasible to guess (RFC 6749 §10.10,
/// RFC 6750 §5.2).
pub(crate) fn random_token() -> String {
    random_token_of(32)
}

/// `len` random bytes, base64url without padding.
pub(crate) fn random_token_of(len: usize) -> String {
    let mut bytes = vec![0u8; len];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Whether two tokens agree on their first 16 characters and their length: how the
/// `*_prefix_match` quirks look tokens up (RFC 6749 §10.3, §10.4 forbid it).
pub(crate) fn same_prefix(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.len() >= 16 && a.as_bytes()[..16] == b.as_bytes()[..16]
}

/// Seconds since the Unix epoch, for `exp` and `iat` (RFC 7662 §2.2).
pub(crate) fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs())
        .unwrap_or(0)
}

/// The instant `lifetime` from now. An absurd configured lifetime is capped at a century rather
/// than allowed to overflow (which would panic).
pub(crate) fn deadline(lifetime: Duration) -> Instant {
    let now = Instant::now();
    now.checked_add(lifetime)
        .or_else(|| now.checked_add(Duration::from_secs(100 * 365 * 86_400)))
        .unwrap_or(now)
}

/// Identifies the authorization grant that tokens were issued from, so that revoking one token
/// (RFC 7009 §2.1) or replaying a code (RFC 6749 §4.1.2) can reach all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct GrantId(u64);

impl GrantId {
    /// The grant's sequence number; only the `predictable_codes` quirk shows it.
    pub(crate) fn number(self) -> u64 {
        self.0
    }
}

/// A browser session, identified by the `rs_session` cookie.
#[derive(Debug, Clone)]
pub(crate) struct Session {
    /// Put in every form and compared on every POST.
    pub(crate) csrf_token: String,
    /// The signed-in resource owner.
    pub(crate) user: Option<&'static str>,
    last_used: Instant,
}

/// A validated authorization request waiting for login and consent.
#[derive(Debug, Clone)]
pub(crate) struct PendingAuthorization {
    pub(crate) client_id: &'static str,
    pub(crate) redirect: RedirectTarget,
    pub(crate) scope: Scope,
    /// Exactly as received, to be returned unchanged (RFC 6749 §4.1.2).
    pub(crate) state: Option<String>,
    pub(crate) code_challenge: Option<CodeChallenge>,
    /// An invalid request kept until the user has signed in, then redirected (RFC 9700
    /// §4.11.2: no redirect before the user is authenticated).
    pub(crate) error: Option<(crate::errors::AuthorizationErrorCode, String)>,
    /// `response_type=token` (RFC 6749 §4.2): the answer is an access token, not a code.
    pub(crate) implicit: bool,
    /// The request named a scope (rather than getting the default); only the
    /// `requested_scope_unstated` quirk looks at it.
    pub(crate) scope_requested: bool,
    /// `response_mode=web_message`: the response is posted to the client's window
    /// (RFC 9700 §4.17.2), not redirected.
    pub(crate) web_message: bool,
    created: Instant,
}

impl PendingAuthorization {
    pub(crate) fn new(
        client_id: &'static str,
        redirect: RedirectTarget,
        scope: Scope,
        state: Option<String>,
        code_challenge: Option<CodeChallenge>,
    ) -> Self {
        PendingAuthorization {
            client_id,
            redirect,
            scope,
            state,
            code_challenge,
            error: None,
            implicit: false,
            scope_requested: false,
            web_message: false,
            created: Instant::now(),
        }
    }
}

/// Where the authorization response goes, and whether the client named it in the request
/// (RFC 6749 §4.1.3 compares it at the token endpoint only then).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RedirectTarget {
    pub(crate) uri: String,
    pub(crate) sent: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CodeChallenge {
    pub(crate) challenge: String,
    pub(crate) method: CodeChallengeMethod,
}

/// An issued authorization code and everything it is bound to (RFC 6749 §4.1.3, RFC 7636 §4.4).
#[derive(Debug, Clone)]
pub(crate) struct AuthorizationCode {
    pub(crate) client_id: &'static str,
    pub(crate) redirect: RedirectTarget,
    pub(crate) scope: Scope,
    pub(crate) user: &'static str,
    pub(crate) code_challenge: Option<CodeChallenge>,
    pub(crate) grant: GrantId,
    pub(crate) expires_at: Instant,
    /// Set on the first redemption; the record is kept so a replay can be recognised.
    pub(crate) redeemed: bool,
    /// The authorization request named a scope (only the `requested_scope_unstated` quirk
    /// looks at it).
    pub(crate) scope_requested: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct AccessToken {
    pub(crate) client_id: &'static str,
    pub(crate) user: Option<&'static str>,
    pub(crate) scope: Scope,
    pub(crate) grant: GrantId,
    pub(crate) issued_at: u64,
    pub(crate) expires_at_unix: u64,
    pub(crate) expires_at: Instant,
}

impl AccessToken {
    pub(crate) fn is_expired(&self) -> bool {
        Instant::now() >= self.expires_at
    }

    /// The subject: the resource owner, or the client itself for client_credentials.
    pub(crate) fn subject(&self) -> &'static str {
        self.user.unwrap_or(self.client_id)
    }
}

#[derive(Debug, Clone)]
pub(crate) struct RefreshToken {
    pub(crate) client_id: &'static str,
    pub(crate) user: Option<&'static str>,
    /// The scope of the original grant: a refresh may narrow it, never widen it (§6).
    pub(crate) scope: Scope,
    pub(crate) grant: GrantId,
    pub(crate) issued_at: u64,
}

impl RefreshToken {
    pub(crate) fn subject(&self) -> &'static str {
        self.user.unwrap_or(self.client_id)
    }
}

/// What a grant hands out, before the token endpoint shapes it into a response.
#[derive(Debug, Clone)]
pub(crate) struct IssuedTokens {
    pub(crate) access_token: String,
    pub(crate) expires_in: u64,
    pub(crate) refresh_token: Option<String>,
    pub(crate) scope: Scope,
    /// Only the `narrowed_scope_unstated` quirk sets it: leave `scope` out of the response.
    pub(crate) scope_unstated: bool,
}

/// Everything the server remembers.
#[derive(Debug)]
pub(crate) struct Store {
    pub(crate) sessions: BoundedMap<Session>,
    pub(crate) pending: BoundedMap<PendingAuthorization>,
    pub(crate) codes: BoundedMap<AuthorizationCode>,
    pub(crate) access_tokens: BoundedMap<AccessToken>,
    pub(crate) refresh_tokens: BoundedMap<RefreshToken>,
    /// Refresh tokens revoked at /revoke; read only by the `introspection_ignores_revocation`
    /// quirk.
    pub(crate) revoked_refresh_tokens: BoundedMap<RefreshToken>,
    /// Refresh tokens replaced by rotation (RFC 9700 §4.14.2): presenting one again is the sign
    /// of a stolen token, and revokes the grant.
    pub(crate) rotated_refresh_tokens: BoundedMap<RefreshToken>,
    next_grant: u64,
    last_prune: Instant,
    /// Every secret minted here (codes, tokens, session ids, CSRF tokens) and every PKCE
    /// verifier presented, in order, up to [`MAX_SEEN`]: tests check that a client of this
    /// server keeps them out of its logs and reports.
    seen: Vec<String>,
    /// The quirks that change how tokens are minted or looked up (set by [`Store::new`]).
    quirks: std::collections::BTreeSet<Quirk>,
    /// Counts access tokens; only the `predictable_access_tokens` quirk uses it.
    minted: u64,
}

impl Default for Store {
    fn default() -> Self {
        Store {
            sessions: BoundedMap::new(MAX_SESSIONS),
            pending: BoundedMap::new(MAX_PENDING),
            codes: BoundedMap::new(MAX_CODES),
            access_tokens: BoundedMap::new(MAX_TOKENS),
            refresh_tokens: BoundedMap::new(MAX_TOKENS),
            revoked_refresh_tokens: BoundedMap::new(MAX_CODES),
            rotated_refresh_tokens: BoundedMap::new(MAX_CODES),
            next_grant: 0,
            last_prune: Instant::now(),
            seen: Vec::new(),
            quirks: Default::default(),
            minted: 0,
        }
    }
}

impl Store {
    /// An empty store for a server running with `quirks`.
    pub(crate) fn new(quirks: &std::collections::BTreeSet<Quirk>) -> Store {
        Store {
            quirks: quirks.clone(),
            ..Store::default()
        }
    }

    /// Drops expired entries, at most every few seconds.
    pub(crate) fn prune(&mut self) {
        let now = Instant::now();
        if now.duration_since(self.last_prune) < PRUNE_INTERVAL {
            return;
        }
        self.last_prune = now;
        self.sessions
            .retain(|_, session| now.duration_since(session.last_used) < SESSION_LIFETIME);
        self.pending
            .retain(|_, pending| now.duration_since(pending.created) < PENDING_LIFETIME);
        // Expired codes are remembered as long as expired tokens, so a late redemption is
        // refused as expired rather than looked up as an unknown code.
        self.codes.retain(|_, code| {
            code.expires_at
                .checked_add(EXPIRED_TOKEN_MEMORY)
                .is_none_or(|forget_at| now < forget_at)
        });
        self.access_tokens.retain(|_, token| {
            token
                .expires_at
                .checked_add(EXPIRED_TOKEN_MEMORY)
                .is_none_or(|forget_at| now < forget_at)
        });
    }

    /// A fresh [`random_token`] for a secret (code, token, session id, CSRF token), remembered
    /// as seen.
    pub(crate) fn mint(&mut self) -> String {
        let secret = random_token();
        self.witness(&secret);
        secret
    }

    /// Remembers a secret a client presented (a PKCE verifier).
    pub(crate) fn witness(&mut self, secret: &str) {
        if self.seen.len() < MAX_SEEN {
            self.seen.push(secret.to_owned());
        }
    }

    /// Every secret minted or presented so far, in order.
    pub(crate) fn seen(&self) -> &[String] {
        &self.seen
    }

    /// The session named by the cookie, refreshed; `None` if there is no such session.
    pub(crate) fn session(&mut self, id: &str) -> Option<&mut Session> {
        let session = self.sessions.get_mut(id)?;
        session.last_used = Instant::now();
        Some(session)
    }

    /// Starts a new browser session and returns its id and a copy of it.
    pub(crate) fn new_session(&mut self) -> (String, Session) {
        let id = self.mint();
        let session = Session {
            csrf_token: self.mint(),
            user: None,
            last_used: Instant::now(),
        };
        self.sessions.insert(id.clone(), session.clone());
        (id, session)
    }

    pub(crate) fn new_grant(&mut self) -> GrantId {
        self.next_grant += 1;
        GrantId(self.next_grant)
    }

    /// Issues an access token, and a refresh token when asked, for one grant.
    pub(crate) fn issue_tokens(
        &mut self,
        client_id: &'static str,
        user: Option<&'static str>,
        scope: Scope,
        grant: GrantId,
        lifetime: Duration,
        with_refresh_token: bool,
    ) -> IssuedTokens {
        let access_token = self.issue_access_token(client_id, user, scope.clone(), grant, lifetime);
        let refresh_token = with_refresh_token
            .then(|| self.issue_refresh_token(client_id, user, scope.clone(), grant));
        IssuedTokens {
            access_token,
            expires_in: lifetime.as_secs(),
            refresh_token,
            scope,
            scope_unstated: false,
        }
    }

    pub(crate) fn issue_access_token(
        &mut self,
        client_id: &'static str,
        user: Option<&'static str>,
        scope: Scope,
        grant: GrantId,
        lifetime: Duration,
    ) -> String {
        self.minted += 1;
        // §10.10, RFC 6750 §5.2: 256 random bits; the quirk makes the token guessable.
        let token = if self.quirks.contains(&Quirk::PredictableAccessTokens) {
            format!("oauth2spec-reference-access-token-{:09}", self.minted)
        } else {
            random_token()
        };
        self.witness(&token);
        let issued_at = unix_now();
        let record = AccessToken {
            client_id,
            user,
            scope,
            grant,
            issued_at,
            expires_at_unix: issued_at.saturating_add(lifetime.as_secs()),
            expires_at: deadline(lifetime),
        };
        self.access_tokens.insert(token.clone(), record);
        token
    }

    pub(crate) fn issue_refresh_token(
        &mut self,
        client_id: &'static str,
        user: Option<&'static str>,
        scope: Scope,
        grant: GrantId,
    ) -> String {
        let token = self.mint();
        let record = RefreshToken {
            client_id,
            user,
            scope,
            grant,
            issued_at: unix_now(),
        };
        self.refresh_tokens.insert(token.clone(), record);
        token
    }

    /// A live access token: unknown, revoked and expired ones are all `None`.
    pub(crate) fn live_access_token(&self, token: &str) -> Option<&AccessToken> {
        // §10.3: a token is found only by its exact value; the quirk accepts altered copies.
        let token = match self.access_tokens.get(token) {
            Some(_) => token.to_owned(),
            None if self.quirks.contains(&Quirk::AccessTokenPrefixMatch) => {
                self.access_tokens.find_key(|key| same_prefix(key, token))?
            }
            None => return None,
        };
        self.access_tokens
            .get(&token)
            .filter(|record| !record.is_expired())
    }

    /// Revokes every token issued from a grant (RFC 6749 §4.1.2, RFC 7009 §2.1).
    pub(crate) fn revoke_grant(&mut self, grant: GrantId) {
        self.access_tokens.retain(|_, token| token.grant != grant);
        self.refresh_tokens.retain(|_, token| token.grant != grant);
    }
}

/// A map with a capacity: inserting into a full map evicts the oldest entry.
#[derive(Debug)]
pub(crate) struct BoundedMap<V> {
    entries: HashMap<String, V>,
    /// Keys in insertion order; may hold keys already removed, skipped on eviction.
    order: VecDeque<String>,
    capacity: usize,
}

impl<V> BoundedMap<V> {
    pub(crate) fn new(capacity: usize) -> Self {
        BoundedMap {
            entries: HashMap::new(),
            order: VecDeque::new(),
            capacity,
        }
    }

    pub(crate) fn insert(&mut self, key: String, value: V) {
        while self.entries.len() >= self.capacity {
            match self.order.pop_front() {
                Some(oldest) => {
                    self.entries.remove(&oldest);
                }
                None => break,
            }
        }
        if self.entries.insert(key.clone(), value).is_none() {
            self.order.push_back(key);
        }
        if self.order.len() > 2 * self.capacity {
            let entries = &self.entries;
            self.order.retain(|key| entries.contains_key(key));
        }
    }

    pub(crate) fn get(&self, key: &str) -> Option<&V> {
        self.entries.get(key)
    }

    pub(crate) fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        self.entries.get_mut(key)
    }

    /// The first value whose key and value satisfy `pred` (a linear scan).
    pub(crate) fn find(&self, mut pred: impl FnMut(&str, &V) -> bool) -> Option<&V> {
        self.entries
            .iter()
            .find(|(key, value)| pred(key, value))
            .map(|(_, value)| value)
    }

    pub(crate) fn remove(&mut self, key: &str) -> Option<V> {
        self.entries.remove(key)
    }

    /// The first key that `matches`, for the lookup quirks.
    pub(crate) fn find_key(&self, matches: impl Fn(&str) -> bool) -> Option<String> {
        self.entries.keys().find(|key| matches(key)).cloned()
    }

    pub(crate) fn keys(&self) -> impl Iterator<Item = &String> {
        self.entries.keys()
    }

    pub(crate) fn retain(&mut self, mut keep: impl FnMut(&str, &V) -> bool) {
        self.entries.retain(|key, value| keep(key, value));
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_32_random_bytes_in_base64url() {
        let token = random_token();
        assert_eq!(token.len(), 43);
        assert_eq!(URL_SAFE_NO_PAD.decode(&token).unwrap().len(), 32);
        assert_ne!(token, random_token());
    }

    #[test]
    fn bounded_map_evicts_the_oldest() {
        let mut map = BoundedMap::new(2);
        map.insert("a".to_owned(), 1);
        map.insert("b".to_owned(), 2);
        map.insert("c".to_owned(), 3);
        assert_eq!(map.len(), 2);
        assert!(map.get("a").is_none());
        assert_eq!(map.get("c"), Some(&3));
        map.remove("b");
        for i in 0..10 {
            map.insert(format!("k{i}"), i);
        }
        assert_eq!(map.len(), 2);
        assert!(map.order.len() <= 4);
    }

    #[test]
    fn revoking_a_grant_reaches_every_token() {
        let mut store = Store::default();
        let grant = store.new_grant();
        let other = store.new_grant();
        let scope = Scope::default_scope();
        let lifetime = Duration::from_secs(60);
        let first = store.issue_tokens("c", Some("u"), scope.clone(), grant, lifetime, true);
        let kept = store.issue_tokens("c", Some("u"), scope, other, lifetime, true);
        store.revoke_grant(grant);
        assert!(store.live_access_token(&first.access_token).is_none());
        assert!(store
            .refresh_tokens
            .get(first.refresh_token.as_deref().unwrap())
            .is_none());
        assert!(store.live_access_token(&kept.access_token).is_some());
    }

    #[test]
    fn tokens_are_found_by_exact_value_unless_a_quirk_says_prefix() {
        let scope = Scope::default_scope;
        let lifetime = Duration::from_secs(60);
        let mut strict = Store::default();
        let grant = strict.new_grant();
        let token = strict.issue_access_token("c", None, scope(), grant, lifetime);
        let mut altered = token.clone();
        altered.replace_range(30..31, if &token[30..31] == "A" { "B" } else { "A" });
        assert!(strict.live_access_token(&altered).is_none());
        assert!(strict.live_access_token(&token).is_some());

        let mut lax = Store::new(&[Quirk::AccessTokenPrefixMatch].into());
        let grant = lax.new_grant();
        let token = lax.issue_access_token("c", None, scope(), grant, lifetime);
        let mut altered = token.clone();
        altered.replace_range(30..31, if &token[30..31] == "A" { "B" } else { "A" });
        assert!(lax.live_access_token(&altered).is_some());
    }

    #[test]
    fn the_predictable_quirk_counts() {
        let mut store = Store::new(&[Quirk::PredictableAccessTokens].into());
        let grant = store.new_grant();
        let lifetime = Duration::from_secs(60);
        let first = store.issue_access_token("c", None, Scope::default_scope(), grant, lifetime);
        let second = store.issue_access_token("c", None, Scope::default_scope(), grant, lifetime);
        assert_eq!(first.len(), 43);
        assert_eq!(&first[..34], &second[..34]);
        assert_ne!(first, second);
    }

    #[test]
    fn expired_access_tokens_are_not_live() {
        let mut store = Store::default();
        let grant = store.new_grant();
        let token =
            store.issue_access_token("c", None, Scope::default_scope(), grant, Duration::ZERO);
        assert!(store.live_access_token(&token).is_none());
    }
}
