//! `WWW-Authenticate` challenges (RFC 9110 §11.6.1, §11.2): a list of
//! `auth-scheme [ 1*SP ( token68 / #auth-param ) ]`, where an auth-param is
//! `token BWS "=" BWS ( token / quoted-string )`. Several header fields are one list.

/// One auth-param as received: its name, its value with quoted-pairs undone, and the value as
/// written between the quotes (RFC 6750 §3 restricts the characters written there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthParam {
    pub name: String,
    pub value: String,
    pub raw: String,
    pub quoted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    pub scheme: String,
    pub token68: Option<String>,
    pub params: Vec<AuthParam>,
}

impl Challenge {
    pub fn is_scheme(&self, scheme: &str) -> bool {
        self.scheme.eq_ignore_ascii_case(scheme)
    }

    /// The first auth-param named `name` (names are case-insensitive).
    pub fn param(&self, name: &str) -> Option<&AuthParam> {
        self.params
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
    }
}

fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn is_token68_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~+/".contains(&b)
}

struct Cursor<'a> {
    s: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn skip_ws(&mut self) -> bool {
        let start = self.i;
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
        self.i > start
    }

    fn token(&mut self) -> String {
        let start = self.i;
        while self.peek().is_some_and(is_tchar) {
            self.i += 1;
        }
        String::from_utf8_lossy(&self.s[start..self.i]).into_owned()
    }

    /// A quoted-string starting at the opening quote: (unescaped, raw between the quotes).
    fn quoted(&mut self) -> Result<(String, String), String> {
        self.i += 1;
        let start = self.i;
        let mut value = Vec::new();
        loop {
            match self.peek() {
                None => return Err("a quoted-string is not closed".into()),
                Some(b'"') => break,
                Some(b'\\') => {
                    self.i += 1;
                    let Some(c) = self.peek() else {
                        return Err("a quoted-string ends in a backslash".into());
                    };
                    value.push(c);
                    self.i += 1;
                }
                Some(c) => {
                    value.push(c);
                    self.i += 1;
                }
            }
        }
        let raw = String::from_utf8_lossy(&self.s[start..self.i]).into_owned();
        self.i += 1;
        Ok((String::from_utf8_lossy(&value).into_owned(), raw))
    }

    /// After `=` and BWS: a token or a quoted-string.
    fn param_value(&mut self, name: String) -> Result<AuthParam, String> {
        self.skip_ws();
        if self.peek() == Some(b'"') {
            let (value, raw) = self.quoted()?;
            return Ok(AuthParam {
                name,
                value,
                raw,
                quoted: true,
            });
        }
        let value = self.token();
        if value.is_empty() {
            return Err(format!("auth-param {name} has no value"));
        }
        Ok(AuthParam {
            name,
            raw: value.clone(),
            value,
            quoted: false,
        })
    }

    /// After an item: optional whitespace, then a comma or the end.
    fn end_of_item(&mut self) -> Result<(), String> {
        self.skip_ws();
        match self.peek() {
            None | Some(b',') => Ok(()),
            Some(c) => Err(format!(
                "unexpected {:?} at byte {} of the header",
                c as char, self.i
            )),
        }
    }
}

/// Parses the `WWW-Authenticate` field values (each header line one element of `values`).
pub fn parse(values: &[&str]) -> Result<Vec<Challenge>, String> {
    let joined = values.join(", ");
    let mut c = Cursor {
        s: joined.as_bytes(),
        i: 0,
    };
    let mut challenges: Vec<Challenge> = Vec::new();
    loop {
        while matches!(c.peek(), Some(b' ' | b'\t' | b',')) {
            c.i += 1;
        }
        let Some(first) = c.peek() else { break };
        let name = c.token();
        if name.is_empty() {
            return Err(format!(
                "unexpected {:?} at byte {} of the header",
                first as char, c.i
            ));
        }
        let spaced = c.skip_ws();
        if c.peek() == Some(b'=') {
            // An auth-param of the current challenge.
            c.i += 1;
            let param = c.param_value(name)?;
            let Some(current) = challenges.last_mut() else {
                return Err("an auth-param comes before any auth-scheme".into());
            };
            if current.token68.is_some() {
                return Err(format!(
                    "auth-param {} follows a token68 in the {} challenge",
                    param.name, current.scheme
                ));
            }
            current.params.push(param);
            c.end_of_item()?;
            continue;
        }
        let mut challenge = Challenge {
            scheme: name,
            token68: None,
            params: Vec::new(),
        };
        if spaced && !matches!(c.peek(), None | Some(b',')) {
            // token68 or the first auth-param.
            let start = c.i;
            while c.peek().is_some_and(is_token68_char) {
                c.i += 1;
            }
            let word_end = c.i;
            let mut equals = 0;
            while c.peek() == Some(b'=') {
                c.i += 1;
                equals += 1;
            }
            let after_equals = c.i;
            c.skip_ws();
            let at_item_end = matches!(c.peek(), None | Some(b','));
            let word = String::from_utf8_lossy(&c.s[start..word_end]).into_owned();
            if equals == 1 && !at_item_end && word.bytes().all(is_tchar) {
                c.i = after_equals;
                let param = c.param_value(word)?;
                challenge.params.push(param);
            } else if !word.is_empty() {
                c.i = after_equals;
                challenge.token68 = Some(format!("{word}{}", "=".repeat(equals)));
            } else {
                return Err(format!(
                    "unexpected text after the auth-scheme {}",
                    challenge.scheme
                ));
            }
        }
        challenges.push(challenge);
        c.end_of_item()?;
    }
    Ok(challenges)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_bearer_with_params() {
        let c = parse(&[r#"Bearer realm="example", error="invalid_token", error_description="The access token expired""#]).unwrap();
        assert_eq!(c.len(), 1);
        assert!(c[0].is_scheme("bearer"));
        assert_eq!(c[0].params.len(), 3);
        assert_eq!(c[0].param("ERROR").unwrap().value, "invalid_token");
    }

    #[test]
    fn parses_several_challenges_and_fields() {
        let c = parse(&[
            r#"DPoP algs="ES256", Basic realm="x""#,
            "Bearer error=invalid_token,realm=\"a, b\"",
            "Negotiate abc+/==",
        ])
        .unwrap();
        let schemes: Vec<_> = c.iter().map(|c| c.scheme.as_str()).collect();
        assert_eq!(schemes, ["DPoP", "Basic", "Bearer", "Negotiate"]);
        assert_eq!(c[2].params.len(), 2);
        assert_eq!(c[2].param("realm").unwrap().value, "a, b");
        assert_eq!(c[3].token68.as_deref(), Some("abc+/=="));
    }

    #[test]
    fn keeps_the_raw_quoted_text() {
        let c = parse(&[r#"Bearer error_description="say \"hi\"""#]).unwrap();
        let p = c[0].param("error_description").unwrap();
        assert_eq!(p.value, r#"say "hi""#);
        assert_eq!(p.raw, r#"say \"hi\""#);
    }

    #[test]
    fn a_bare_scheme_has_no_params() {
        let c = parse(&["Bearer"]).unwrap();
        assert!(c[0].params.is_empty() && c[0].token68.is_none());
    }

    #[test]
    fn malformed_headers_are_errors_not_panics() {
        for bad in [
            "realm=\"x\"",
            "Bearer realm=\"x",
            "Bearer realm=",
            "Bearer realm=\"x\" junk",
            "=",
            "\"",
            "Bearer a==, b=c",
        ] {
            let _ = parse(&[bad]);
        }
        assert!(parse(&["realm=\"x\""]).is_err());
        assert!(parse(&["Bearer realm=\"x"]).is_err());
    }
}
