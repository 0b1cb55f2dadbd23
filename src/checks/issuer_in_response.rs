//! The `iss` authorization response parameter (OAuth 2.1 §4.1.2, RFC 9207 §2).

use super::Verdict;

/// oauth21-4.1.2-a: an authorization response MAY carry `iss`; when it does, it is the issuer
/// identifier of the server, compared by simple string comparison (RFC 9207 §2.4).
pub fn iss_matches(iss: &str, issuer: &str) -> Verdict {
    if iss == issuer {
        Verdict::Met(format!("iss={iss} is the issuer"))
    } else {
        Verdict::violated(
            "the iss parameter is not the server's issuer identifier",
            format!("iss={issuer}"),
            format!("iss={iss}"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iss_must_equal_the_issuer_exactly() {
        assert!(iss_matches("https://as.example", "https://as.example").is_met());
        assert!(!iss_matches("https://as.example/", "https://as.example").is_met());
        assert!(!iss_matches("https://evil.example", "https://as.example").is_met());
    }
}
