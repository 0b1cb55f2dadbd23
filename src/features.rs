//! The Gherkin feature files: embedded in the binary (so an installed binary needs no source
//! tree), or read from a directory (`--features-dir`). Also scenario selection by tag
//! expression and RFC section.

use std::path::{Path, PathBuf};

use gherkin::tagexpr::TagOperation;
use gherkin::{Feature, GherkinEnv, Rule, Scenario};
use include_dir::{include_dir, Dir};

use crate::requirements;

static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/features");

#[derive(Debug, thiserror::Error)]
pub enum FeatureError {
    #[error("cannot read features directory {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Parse { path: String, message: String },
    #[error("no .feature files in {0}")]
    Empty(String),
}

/// Loads and parses every `.feature` file, sorted by path. Each feature's `path` is set to its
/// path relative to the features directory (e.g. `rfc6749/4.1.2-authorization-response.feature`).
pub fn load(dir: Option<&Path>) -> Result<Vec<Feature>, FeatureError> {
    let mut files: Vec<(String, String)> = match dir {
        None => {
            let mut out = Vec::new();
            collect_embedded(&EMBEDDED, &mut out);
            out
        }
        Some(dir) => {
            let mut out = Vec::new();
            collect_dir(dir, dir, &mut out)?;
            out
        }
    };
    files.sort();
    if files.is_empty() {
        return Err(FeatureError::Empty(
            dir.map(|d| d.display().to_string())
                .unwrap_or_else(|| "the embedded features".into()),
        ));
    }
    files
        .into_iter()
        .map(|(path, text)| {
            let mut feature =
                Feature::parse(&text, GherkinEnv::default()).map_err(|e| FeatureError::Parse {
                    path: path.clone(),
                    message: e.to_string(),
                })?;
            feature.path = Some(PathBuf::from(path));
            Ok(feature)
        })
        .collect()
}

fn collect_embedded(dir: &Dir<'static>, out: &mut Vec<(String, String)>) {
    for file in dir.files() {
        if file.path().extension().is_some_and(|e| e == "feature") {
            if let Some(text) = file.contents_utf8() {
                out.push((
                    file.path().to_string_lossy().replace('\\', "/"),
                    text.to_string(),
                ));
            }
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, out);
    }
}

fn collect_dir(
    root: &Path,
    dir: &Path,
    out: &mut Vec<(String, String)>,
) -> Result<(), FeatureError> {
    let read_err = |source| FeatureError::Read {
        path: dir.to_path_buf(),
        source,
    };
    for entry in std::fs::read_dir(dir).map_err(read_err)? {
        let path = entry.map_err(read_err)?.path();
        if path.is_dir() {
            collect_dir(root, &path, out)?;
        } else if path.extension().is_some_and(|e| e == "feature") {
            let text = std::fs::read_to_string(&path).map_err(|source| FeatureError::Read {
                path: path.clone(),
                source,
            })?;
            let rel = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, text));
        }
    }
    Ok(())
}

/// `rfc6749/4.1.2.1` for `rfc6749/4.1.2.1-authorization-error-response.feature`.
pub fn section_of(feature: &Feature) -> String {
    let path = feature
        .path
        .as_ref()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default();
    let (dir, file) = path.rsplit_once('/').unwrap_or(("", &path));
    let number = file
        .split_once('-')
        .map(|(n, _)| n)
        .unwrap_or(file)
        .trim_end_matches(".feature");
    if dir.is_empty() {
        number.to_string()
    } else {
        format!("{dir}/{number}")
    }
}

pub fn relative_path(feature: &Feature) -> String {
    feature
        .path
        .as_ref()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default()
}

/// Tags of a scenario with those it inherits (Feature → Rule → Scenario), without `@`.
pub fn tags_of(feature: &Feature, rule: Option<&Rule>, scenario: &Scenario) -> Vec<String> {
    let mut tags: Vec<String> = feature.tags.clone();
    if let Some(r) = rule {
        tags.extend(r.tags.iter().cloned());
    }
    tags.extend(scenario.tags.iter().cloned());
    tags.iter()
        .map(|t| t.trim_start_matches('@').to_string())
        .collect()
}

/// Requirement IDs among a scenario's tags.
pub fn requirement_ids(tags: &[String]) -> Vec<String> {
    tags.iter()
        .filter(|t| requirements::is_requirement_tag(t))
        .cloned()
        .collect()
}

fn eval(op: &TagOperation, tags: &[String]) -> bool {
    match op {
        TagOperation::And(a, b) => eval(a, tags) && eval(b, tags),
        TagOperation::Or(a, b) => eval(a, tags) || eval(b, tags),
        TagOperation::Not(a) => !eval(a, tags),
        TagOperation::Tag(t) => tags.iter().any(|x| x == t.trim_start_matches('@')),
    }
}

/// Which rulebook a run holds the server to. RFC 6749 allows what RFC 9700 and OAuth 2.1
/// forbid (implicit grant, password grant, plain PKCE, optional PKCE for confidential clients),
/// so a scenario tagged `@profile-oauth2.1` runs only under `oauth2.1`, one tagged
/// `@profile-rfc6749` only under `rfc6749`, and an untagged one under both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Profile {
    Rfc6749,
    OAuth21,
}

impl Profile {
    pub const ALL: [Profile; 2] = [Profile::Rfc6749, Profile::OAuth21];

    /// The name on the command line and in reports: `rfc6749`, `oauth2.1`.
    pub fn name(self) -> &'static str {
        match self {
            Profile::Rfc6749 => "rfc6749",
            Profile::OAuth21 => "oauth2.1",
        }
    }

    /// The tag (without `@`) that limits a scenario to this profile.
    pub fn tag(self) -> String {
        format!("profile-{}", self.name())
    }

    /// Whether a scenario with these tags (without `@`) runs under this profile.
    pub fn admits(self, tags: &[String]) -> bool {
        let limited_to: Vec<Profile> = Profile::ALL
            .into_iter()
            .filter(|p| tags.iter().any(|t| *t == p.tag()))
            .collect();
        limited_to.is_empty() || limited_to.contains(&self)
    }
}

impl std::str::FromStr for Profile {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Profile::ALL
            .into_iter()
            .find(|p| p.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("unknown profile {s:?}; valid profiles: rfc6749, oauth2.1"))
    }
}

impl std::fmt::Display for Profile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Which scenarios to run.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub tags: Option<TagOperation>,
    /// `rfc6749`, `rfc6749/4.1`, `rfc6749/4.1.2.1`: a section and its subsections.
    pub sections: Vec<String>,
    /// Only the scenarios of this profile; `None` selects the scenarios of every profile (the
    /// command line always names one, `oauth2.1` by default).
    pub profile: Option<Profile>,
}

impl Selection {
    /// Parses a tag expression such as `@MUST and not @slow`.
    pub fn with_tags(mut self, expr: &str) -> Result<Self, String> {
        let op = expr
            .parse::<TagOperation>()
            .map_err(|e| format!("invalid tag expression {expr:?}: {e}"))?;
        self.tags = Some(op);
        Ok(self)
    }

    pub fn matches(&self, feature: &Feature, rule: Option<&Rule>, scenario: &Scenario) -> bool {
        let tags = tags_of(feature, rule, scenario);
        let tags_ok = self.tags.as_ref().is_none_or(|op| eval(op, &tags));
        let section = section_of(feature);
        let section_ok = self.sections.is_empty()
            || self.sections.iter().any(|s| {
                let s = s.trim_end_matches('/');
                section == s
                    || section.starts_with(&format!("{s}."))
                    || section.starts_with(&format!("{s}/"))
            });
        let profile_ok = self.profile.is_none_or(|p| p.admits(&tags));
        tags_ok && section_ok && profile_ok
    }

    /// Every selected scenario, in file order.
    pub fn scenarios<'a>(
        &self,
        features: &'a [Feature],
    ) -> Vec<(&'a Feature, Option<&'a Rule>, &'a Scenario)> {
        let mut out = Vec::new();
        for f in features {
            for s in &f.scenarios {
                if self.matches(f, None, s) {
                    out.push((f, None, s));
                }
            }
            for r in &f.rules {
                for s in &r.scenarios {
                    if self.matches(f, Some(r), s) {
                        out.push((f, Some(r), s));
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_features_parse_and_have_sections() {
        let features = load(None).expect("embedded features parse");
        assert!(features.len() >= 10);
        let sections: Vec<String> = features.iter().map(section_of).collect();
        assert!(
            sections.contains(&"rfc6749/4.1.2.1".to_string()),
            "{sections:?}"
        );
    }

    #[test]
    fn every_scenario_names_known_requirements_and_a_level() {
        let features = load(None).unwrap();
        let all = Selection::default().scenarios(&features);
        assert!(all.len() >= 30, "only {} scenarios", all.len());
        for (f, r, s) in all {
            let tags = tags_of(f, r, s);
            let ids = requirement_ids(&tags);
            assert!(
                !ids.is_empty(),
                "{}: {:?} has no requirement ID tag",
                relative_path(f),
                s.name
            );
            for id in &ids {
                assert!(
                    requirements::lookup(id).is_some(),
                    "{}: {:?} names unknown requirement {id}",
                    relative_path(f),
                    s.name
                );
            }
            assert!(
                tags.iter()
                    .any(|t| crate::report::model::Level::from_tag(t).is_some()),
                "{:?} has no level tag",
                s.name
            );
        }
    }

    #[test]
    fn sections_and_tags_select() {
        let features = load(None).unwrap();
        let by_section = Selection {
            sections: vec!["rfc6749/4.1.2".into()],
            ..Default::default()
        }
        .scenarios(&features);
        assert!(by_section
            .iter()
            .all(|(f, _, _)| section_of(f).starts_with("rfc6749/4.1.2")));
        assert!(by_section
            .iter()
            .any(|(f, _, _)| section_of(f) == "rfc6749/4.1.2.1"));
        let should = Selection::default()
            .with_tags("@SHOULD")
            .unwrap()
            .scenarios(&features);
        assert!(!should.is_empty());
        let none = Selection::default()
            .with_tags("@nonexistent-tag")
            .unwrap()
            .scenarios(&features);
        assert!(none.is_empty());
        assert!(Selection::default().with_tags("@a and (").is_err());
    }

    fn tags(list: &[&str]) -> Vec<String> {
        list.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn a_profile_tag_limits_a_scenario_to_that_profile() {
        let untagged = tags(&["RFC6749", "MUST"]);
        assert!(Profile::Rfc6749.admits(&untagged));
        assert!(Profile::OAuth21.admits(&untagged));
        let only21 = tags(&["MUST", "profile-oauth2.1"]);
        assert!(Profile::OAuth21.admits(&only21));
        assert!(!Profile::Rfc6749.admits(&only21));
        let only6749 = tags(&["profile-rfc6749"]);
        assert!(Profile::Rfc6749.admits(&only6749));
        assert!(!Profile::OAuth21.admits(&only6749));
        let both = tags(&["profile-rfc6749", "profile-oauth2.1"]);
        assert!(Profile::Rfc6749.admits(&both) && Profile::OAuth21.admits(&both));
    }

    #[test]
    fn profiles_parse_by_name() {
        assert_eq!("oauth2.1".parse::<Profile>(), Ok(Profile::OAuth21));
        assert_eq!("RFC6749".parse::<Profile>(), Ok(Profile::Rfc6749));
        let err = "oauth3".parse::<Profile>().unwrap_err();
        assert!(err.contains("oauth3") && err.contains("rfc6749"), "{err}");
    }

    #[test]
    fn a_profile_selection_drops_the_other_profiles_scenarios() {
        let features = load(None).unwrap();
        let all = Selection::default().scenarios(&features).len();
        for profile in Profile::ALL {
            let other = Profile::ALL.into_iter().find(|p| *p != profile).unwrap();
            let chosen = Selection {
                profile: Some(profile),
                ..Default::default()
            }
            .scenarios(&features);
            assert!(chosen
                .iter()
                .all(|(f, r, s)| !tags_of(f, *r, s).contains(&other.tag())));
            let limited_to_other = Selection::default()
                .scenarios(&features)
                .iter()
                .filter(|(f, r, s)| {
                    let t = tags_of(f, *r, s);
                    t.contains(&other.tag()) && !t.contains(&profile.tag())
                })
                .count();
            assert_eq!(chosen.len() + limited_to_other, all);
        }
    }
}
