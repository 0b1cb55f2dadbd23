//! Transport security settings: which CAs to trust besides the public roots, whether to validate
//! the server certificate at all, and where the plain-HTTP variant of the server's URLs is (the
//! suite probes it to check that endpoints are only served over TLS).

use url::Url;

use super::settings::TlsSettings;

/// The `[tls]` table, resolved: CA files read, the plain-HTTP origin derived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tls {
    /// PEM certificates trusted besides the public web roots.
    pub extra_roots_pem: Vec<String>,
    /// Validate the server certificate for the suite's requests. When false the suite still
    /// runs, and the certificate check (RFC 6749 §10.9) validates on its own and reports.
    pub verify: bool,
    /// `http://host[:port]`: where the plain-HTTP variant of the server's https URLs answers, if
    /// the config says or it can be derived (https on the default port ⇒ http on port 80).
    pub plain_http_origin: Option<String>,
}

impl Default for Tls {
    fn default() -> Self {
        Tls {
            extra_roots_pem: Vec::new(),
            verify: true,
            plain_http_origin: None,
        }
    }
}

impl Tls {
    /// Reads `ca_file` (relative to the working directory) and checks the settings.
    pub fn from_settings(settings: &TlsSettings) -> Result<Tls, String> {
        let mut extra_roots_pem = Vec::new();
        if let Some(path) = &settings.ca_file {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("tls.ca_file: cannot read {path}: {e}"))?;
            extra_roots_pem.push(text);
        }
        if let Some(pem) = &settings.ca_pem {
            extra_roots_pem.push(pem.clone());
        }
        for pem in &extra_roots_pem {
            let certificates = reqwest::Certificate::from_pem_bundle(pem.as_bytes())
                .map_err(|e| format!("tls: the CA certificate is not valid PEM: {e}"))?;
            if certificates.is_empty() {
                return Err(
                    "tls: the CA certificate is not valid PEM: no BEGIN CERTIFICATE block".into(),
                );
            }
        }
        if let Some(origin) = &settings.plain_http_origin {
            let url = Url::parse(origin)
                .map_err(|e| format!("tls.plain_http_origin: {origin:?} is not a URL: {e}"))?;
            if url.scheme() != "http" {
                return Err(format!(
                    "tls.plain_http_origin: {origin:?} must be an http:// origin"
                ));
            }
        }
        Ok(Tls {
            extra_roots_pem,
            verify: settings.verify.unwrap_or(true),
            plain_http_origin: settings
                .plain_http_origin
                .as_ref()
                .map(|o| o.trim_end_matches('/').to_owned()),
        })
    }

    /// The plain-HTTP variant of an https `url`: the configured origin with the same path and
    /// query, or, when the URL uses the default https port, the same URL with `http` on port 80.
    /// `None` when `url` is not https or no variant is known.
    pub fn plain_http_variant(&self, url: &str) -> Option<String> {
        let parsed = Url::parse(url).ok()?;
        if parsed.scheme() != "https" {
            return None;
        }
        let origin = match &self.plain_http_origin {
            Some(origin) => origin.clone(),
            None if parsed.port().is_none() => format!("http://{}", parsed.host_str()?),
            None => return None,
        };
        let mut variant = format!("{origin}{}", parsed.path());
        if let Some(query) = parsed.query() {
            variant.push('?');
            variant.push_str(query);
        }
        Some(variant)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tls(origin: Option<&str>) -> Tls {
        Tls {
            plain_http_origin: origin.map(str::to_owned),
            ..Tls::default()
        }
    }

    #[test]
    fn variant_on_the_default_port_is_port_80() {
        assert_eq!(
            tls(None).plain_http_variant("https://as.example/oauth/token?x=1"),
            Some("http://as.example/oauth/token?x=1".into())
        );
    }

    #[test]
    fn variant_on_another_port_needs_the_config() {
        assert_eq!(
            tls(None).plain_http_variant("https://127.0.0.1:8443/token"),
            None
        );
        assert_eq!(
            tls(Some("http://127.0.0.1:8080")).plain_http_variant("https://127.0.0.1:8443/token"),
            Some("http://127.0.0.1:8080/token".into())
        );
    }

    #[test]
    fn http_urls_have_no_variant() {
        assert_eq!(
            tls(None).plain_http_variant("http://as.example/token"),
            None
        );
        assert_eq!(tls(None).plain_http_variant("not a url"), None);
    }

    #[test]
    fn bad_settings_are_named() {
        let settings = TlsSettings {
            ca_file: Some("/nonexistent/ca.pem".into()),
            ..TlsSettings::default()
        };
        assert!(Tls::from_settings(&settings)
            .unwrap_err()
            .contains("tls.ca_file"));
        let settings = TlsSettings {
            ca_pem: Some("not a certificate".into()),
            ..TlsSettings::default()
        };
        let error = Tls::from_settings(&settings).unwrap_err();
        assert!(error.contains("not valid PEM"), "{error}");
        let settings = TlsSettings {
            plain_http_origin: Some("https://x".into()),
            ..TlsSettings::default()
        };
        assert!(Tls::from_settings(&settings)
            .unwrap_err()
            .contains("plain_http_origin"));
    }
}
