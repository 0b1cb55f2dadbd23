//! A heuristic for how hard codes and tokens are to guess (RFC 6749 §10.10, RFC 6750 §5.2).
//!
//! From outside, entropy can only be estimated: a value that looks random may come from a
//! predictable generator. The estimate counts the character positions that vary across a
//! sample and the bits each can carry given the alphabet seen there; positions that never vary
//! (a fixed prefix, a separator) and the digits that a counter leaves alone count for nothing.
//! The steps report a shortfall as a warning, never as a failure.

use std::collections::BTreeSet;

use super::Verdict;

/// What a sample of values looks like.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    pub samples: usize,
    pub distinct: usize,
    pub min_len: usize,
    pub max_len: usize,
    /// The smallest usual alphabet holding every character seen at a varying position.
    pub alphabet: &'static str,
    pub bits_per_char: f64,
    /// Positions (within the shortest value) whose character is not the same in every sample.
    pub varying_positions: usize,
    /// Leading characters shared by every sample.
    pub shared_prefix: usize,
    pub bits: f64,
}

impl Estimate {
    pub fn describe(&self) -> String {
        let length = if self.min_len == self.max_len {
            format!("{} characters", self.min_len)
        } else {
            format!("{}-{} characters", self.min_len, self.max_len)
        };
        format!(
            "{} values ({} distinct), {length}, alphabet {} ({:.1} bits a character), {} positions vary, shared prefix {} characters: about {:.0} bits",
            self.samples,
            self.distinct,
            self.alphabet,
            self.bits_per_char,
            self.varying_positions,
            self.shared_prefix,
            self.bits
        )
    }
}

/// The alphabet of `chars` and the bits a character of it can carry.
fn alphabet(chars: &BTreeSet<char>) -> (&'static str, f64) {
    let all = |f: fn(&char) -> bool| chars.iter().all(f);
    if chars.is_empty() {
        ("none", 0.0)
    } else if all(|c| c.is_ascii_digit()) {
        ("decimal digits", 10f64.log2())
    } else if all(|c| c.is_ascii_digit() || ('a'..='f').contains(c))
        || all(|c| c.is_ascii_digit() || ('A'..='F').contains(c))
    {
        ("hexadecimal", 4.0)
    } else if all(|c| c.is_ascii_uppercase() || ('2'..='7').contains(c)) {
        ("base32", 5.0)
    } else if all(char::is_ascii_alphanumeric) {
        ("alphanumeric", 62f64.log2())
    } else if all(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        || all(|c| c.is_ascii_alphanumeric() || *c == '+' || *c == '/' || *c == '=')
    {
        ("base64", 6.0)
    } else {
        (
            "other",
            (chars.len().max(2) as f64).log2().min(95f64.log2()),
        )
    }
}

/// Estimates the entropy of the values in `samples` (see the module comment).
pub fn estimate(samples: &[String]) -> Estimate {
    let values: Vec<Vec<char>> = samples.iter().map(|s| s.chars().collect()).collect();
    let distinct = samples.iter().collect::<BTreeSet<_>>().len();
    let min_len = values.iter().map(Vec::len).min().unwrap_or(0);
    let max_len = values.iter().map(Vec::len).max().unwrap_or(0);
    let varies = |i: usize| values.iter().any(|v| v[i] != values[0][i]);
    let varying: Vec<usize> = (0..min_len).filter(|&i| varies(i)).collect();
    let shared_prefix = (0..min_len).take_while(|&i| !varies(i)).count();
    let seen: BTreeSet<char> = varying
        .iter()
        .flat_map(|&i| values.iter().map(move |v| v[i]))
        .collect();
    let (name, bits_per_char) = alphabet(&seen);
    Estimate {
        samples: samples.len(),
        distinct,
        min_len,
        max_len,
        alphabet: name,
        bits_per_char,
        varying_positions: varying.len(),
        shared_prefix,
        bits: varying.len() as f64 * bits_per_char,
    }
}

/// RFC 6749 §10.10 (6749-10.10-a: at most 2^-128 guessing probability; 6749-10.10-b: 2^-160),
/// RFC 6750 §5.2 (6750-5.2-c): every value distinct and an estimated `min_bits` of entropy.
pub fn hard_to_guess(samples: &[String], min_bits: f64, what: &str) -> Verdict {
    let e = estimate(samples);
    let want = format!("{what} all distinct, estimated at ≥ {min_bits:.0} bits");
    if e.distinct < e.samples {
        return Verdict::violated(
            format!(
                "{} of {} {what} were repeats",
                e.samples - e.distinct,
                e.samples
            ),
            want,
            e.describe(),
        );
    }
    if e.bits < min_bits {
        return Verdict::violated(
            format!(
                "{what} look guessable: about {:.0} bits, below {min_bits:.0}",
                e.bits
            ),
            want,
            e.describe(),
        );
    }
    Verdict::Met(e.describe())
}

/// RFC 6750 §5.2 (6750-5.2-c) on a sample of access tokens drawn from one client: a token that
/// comes back is the server answering again with the token it already issued to that client
/// and still honours (RFC 6749 does not forbid it; Spring Security OAuth's DefaultTokenServices
/// does so per client, user and scope), not a collision of its generator. Then the sample is its
/// distinct tokens, and with fewer than `min_distinct` of those no estimate can be made: the
/// reason, for a skip.
pub fn reissued_tokens(samples: &[String], min_distinct: usize) -> Result<Vec<String>, String> {
    let mut distinct: Vec<String> = Vec::new();
    for s in samples {
        if !distinct.contains(s) {
            distinct.push(s.clone());
        }
    }
    if distinct.len() < samples.len() && distinct.len() < min_distinct {
        return Err(format!(
            "the server answered {} of {} token requests with an access token it had already issued to the same client (it hands out its live token again rather than a new one), leaving {} distinct tokens, too few for an estimate",
            samples.len() - distinct.len(),
            samples.len(),
            distinct.len()
        ));
    }
    Ok(distinct)
}

#[cfg(test)]
mod tests {
    use base64::Engine;
    use rand::RngCore;

    use super::*;

    fn random(bytes: usize) -> String {
        let mut b = vec![0u8; bytes];
        rand::rng().fill_bytes(&mut b);
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
    }

    fn sample(f: impl Fn(usize) -> String) -> Vec<String> {
        (0..20).map(f).collect()
    }

    #[test]
    fn random_256_bit_tokens_pass_both_thresholds() {
        let s = sample(|_| random(32));
        let e = estimate(&s);
        assert_eq!(e.alphabet, "base64");
        assert!(e.bits > 250.0, "{}", e.describe());
        assert!(hard_to_guess(&s, 128.0, "codes").is_met());
        assert!(hard_to_guess(&s, 160.0, "codes").is_met());
    }

    #[test]
    fn random_128_bit_tokens_pass_128_but_not_160() {
        let s = sample(|_| random(16));
        assert!(hard_to_guess(&s, 128.0, "codes").is_met());
        assert!(!hard_to_guess(&s, 160.0, "codes").is_met());
    }

    #[test]
    fn counters_and_fixed_prefixes_count_for_little() {
        let s = sample(|i| format!("oauth2spec-reference-code-{:016}", i + 1));
        let e = estimate(&s);
        assert_eq!(e.alphabet, "decimal digits");
        assert!(e.bits < 10.0, "{}", e.describe());
        assert!(e.shared_prefix >= 40);
        assert!(!hard_to_guess(&s, 128.0, "codes").is_met());
    }

    #[test]
    fn uuid_v4_is_just_short_of_128_bits() {
        let s = sample(|_| {
            let h: String = random(32)
                .bytes()
                .map(|b| format!("{:x}", b % 16))
                .take(32)
                .collect();
            format!(
                "{}-{}-4{}-a{}-{}",
                &h[..8],
                &h[8..12],
                &h[13..16],
                &h[17..20],
                &h[20..32]
            )
        });
        let e = estimate(&s);
        assert_eq!(e.alphabet, "hexadecimal");
        assert!(
            !hard_to_guess(&s, 128.0, "tokens").is_met(),
            "{}",
            e.describe()
        );
    }

    #[test]
    fn reissued_access_tokens_leave_no_sample() {
        // spring-security-oauth2 2.5.2: 20 client_credentials requests of cc-client, one token.
        let spring = vec!["ePR1FvVcZchcaflsd6tNWOuiZXg".to_string(); 20];
        let reason = reissued_tokens(&spring, 20).unwrap_err();
        assert!(reason.contains("19 of 20"), "{reason}");
        assert!(reason.contains("1 distinct"), "{reason}");
        let fresh = sample(|_| random(32));
        assert_eq!(reissued_tokens(&fresh, 20).unwrap(), fresh);
        // Enough distinct tokens besides the re-issued ones: those are estimated.
        let mut more = sample(|_| random(32));
        more.push(more[0].clone());
        assert_eq!(reissued_tokens(&more, 20).unwrap().len(), 20);
    }

    #[test]
    fn repeats_are_reported() {
        let mut s = sample(|_| random(32));
        s[3] = s[0].clone();
        assert!(!hard_to_guess(&s, 128.0, "codes").is_met());
    }
}
