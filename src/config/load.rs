//! Reading a target file: TOML syntax and shape first (errors with line and key), then `${VAR}`
//! references expanded from the environment (errors naming the key and the variable).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::TargetFile;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read target config {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
}

/// Reads and checks a target config file.
pub fn load(path: &Path) -> Result<TargetFile, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&text, &|name| std::env::var(name).ok()).map_err(|message| ConfigError::Invalid {
        path: path.to_path_buf(),
        message,
    })
}

/// Parses config text; `env` looks up variables (so tests need not touch the process
/// environment).
pub fn parse(text: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<TargetFile, String> {
    // Shape first, on the text as written: toml's errors carry line, column and key.
    toml::from_str::<TargetFile>(text).map_err(|e| e.to_string().trim_end().to_string())?;
    let mut value: toml::Value = toml::from_str(text).map_err(|e| e.to_string())?;
    expand(&mut value, "", env)?;
    let file = TargetFile::deserialize(value).map_err(|e| e.to_string())?;
    validate(&file)?;
    Ok(file)
}

fn expand(
    value: &mut toml::Value,
    key: &str,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<(), String> {
    match value {
        toml::Value::String(s) => {
            *s = expand_str(s, env).map_err(|e| format!("key `{key}`: {e}"))?;
        }
        toml::Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                expand(item, &format!("{key}[{i}]"), env)?;
            }
        }
        toml::Value::Table(table) => {
            for (k, v) in table.iter_mut() {
                let path = if key.is_empty() {
                    k.clone()
                } else {
                    format!("{key}.{k}")
                };
                expand(v, &path, env)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Expands `${VAR}` and `${VAR:-default}`; `$$` is a literal `$`.
pub fn expand_str(s: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<String, String> {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find('$') {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + 1..];
        if let Some(tail) = after.strip_prefix('$') {
            out.push('$');
            rest = tail;
        } else if let Some(body) = after.strip_prefix('{') {
            let end = body
                .find('}')
                .ok_or_else(|| format!("unclosed `${{` in {s:?}"))?;
            let inner = &body[..end];
            let (name, default) = match inner.split_once(":-") {
                Some((n, d)) => (n, Some(d)),
                None => (inner, None),
            };
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(format!(
                    "`${{{inner}}}` is not a valid environment variable reference"
                ));
            }
            match (env(name), default) {
                (Some(v), _) => out.push_str(&v),
                (None, Some(d)) => out.push_str(d),
                (None, None) => {
                    return Err(format!(
                        "environment variable {name} is not set (referenced as ${{{name}}}; use ${{{name}:-default}} for a default)"
                    ))
                }
            }
            rest = &body[end + 1..];
        } else {
            out.push('$');
            rest = after;
        }
    }
    out.push_str(rest);
    Ok(out)
}

fn validate(file: &TargetFile) -> Result<(), String> {
    use super::{ClientType, DriverKind};
    for (i, c) in file.clients.iter().enumerate() {
        let key = format!("clients[{i}] (id {:?})", c.id);
        if c.id.is_empty() {
            return Err(format!("{key}: `id` is empty"));
        }
        if c.client_type == ClientType::Confidential && c.secret.as_deref().unwrap_or("").is_empty()
        {
            return Err(format!("{key}: a confidential client needs `secret`"));
        }
        for uri in &c.redirect_uris {
            url::Url::parse(uri).map_err(|e| {
                format!("{key}: redirect_uris entry {uri:?} is not an absolute URL: {e}")
            })?;
        }
        for m in &c.auth_methods {
            if !["client_secret_basic", "client_secret_post", "none"].contains(&m.as_str()) {
                return Err(format!(
                    "{key}: auth_methods entry {m:?} is not one of client_secret_basic, client_secret_post, none"
                ));
            }
        }
    }
    for (name, value) in [
        ("issuer", &file.issuer),
        ("metadata", &file.metadata),
        ("endpoints.authorization", &file.endpoints.authorization),
        ("endpoints.token", &file.endpoints.token),
        ("endpoints.revocation", &file.endpoints.revocation),
        ("endpoints.introspection", &file.endpoints.introspection),
        ("endpoints.resource", &file.endpoints.resource),
    ] {
        if let Some(v) = value {
            url::Url::parse(v)
                .map_err(|e| format!("`{name}` = {v:?} is not an absolute URL: {e}"))?;
        }
    }
    if file.login.driver == DriverKind::Command && file.login.command.is_empty() {
        return Err(
            "login.driver = \"command\" needs `login.command` (program and arguments)".into(),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        (name == "AS_SECRET").then(|| "s3cret".to_string())
    }

    #[test]
    fn expands_variables_and_defaults() {
        assert_eq!(expand_str("a${AS_SECRET}b", &env).unwrap(), "as3cretb");
        assert_eq!(expand_str("${NOPE:-dflt}", &env).unwrap(), "dflt");
        assert_eq!(expand_str("$$x$y", &env).unwrap(), "$x$y");
        let err = expand_str("${NOPE}", &env).unwrap_err();
        assert!(err.contains("NOPE is not set"), "{err}");
    }

    #[test]
    fn a_missing_variable_names_the_key() {
        let text = "issuer = \"http://as\"\n[[clients]]\nid = \"c\"\ntype = \"confidential\"\nsecret = \"${MISSING_VAR}\"\n";
        let err = parse(text, &env).unwrap_err();
        assert!(
            err.contains("clients[0].secret") && err.contains("MISSING_VAR"),
            "{err}"
        );
    }

    #[test]
    fn an_unknown_key_is_named_with_its_line() {
        let err = parse("issuer = \"http://as\"\nisuer = \"x\"\n", &env).unwrap_err();
        assert!(err.contains("isuer") && err.contains("line 2"), "{err}");
    }

    #[test]
    fn a_wrong_type_is_named() {
        let err = parse("issuer = 3\n", &env).unwrap_err();
        assert!(err.contains("issuer") && err.contains("string"), "{err}");
    }

    #[test]
    fn a_confidential_client_needs_a_secret() {
        let err = parse("[[clients]]\nid = \"c\"\ntype = \"confidential\"\n", &env).unwrap_err();
        assert!(err.contains("needs `secret`"), "{err}");
    }

    #[test]
    fn the_example_file_parses() {
        let text = include_str!("../../examples/target.toml");
        let file = parse(text, &|_| None).expect("examples/target.toml parses");
        assert_eq!(file.clients.len(), 3);
    }
}
