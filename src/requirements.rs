//! The yardstick: the normative requirements the suite measures itself against, from
//! `features/requirements.tsv` (a paraphrase of the RFCs, one row per normative sentence).

use std::sync::OnceLock;

use crate::report::model::Level;

const TSV: &str = include_str!("../features/requirements.tsv");

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    /// e.g. `6749-4.1.2.1-c`
    pub id: String,
    pub rfc: String,
    pub section: String,
    /// The keyword as written: `MUST`, `MUST NOT`, `SHOULD`, `MAY-but-testable`, ...
    pub keyword: String,
    pub subject: String,
    pub black_box: bool,
    pub summary: String,
    pub test_idea: String,
}

impl Requirement {
    pub fn level(&self) -> Level {
        let k = self.keyword.to_ascii_uppercase();
        if k.starts_with("MAY") || k.starts_with("OPTIONAL") {
            Level::May
        } else if k.starts_with("SHOULD") || k.contains("RECOMMENDED") {
            Level::Should
        } else {
            Level::Must
        }
    }
}

/// Every requirement, in file order.
pub fn all() -> &'static [Requirement] {
    static ALL: OnceLock<Vec<Requirement>> = OnceLock::new();
    ALL.get_or_init(|| parse(TSV))
}

pub fn lookup(id: &str) -> Option<&'static Requirement> {
    all().iter().find(|r| r.id == id)
}

fn parse(tsv: &str) -> Vec<Requirement> {
    tsv.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .filter_map(|line| {
            let c: Vec<&str> = line.split('\t').collect();
            (c.len() >= 7).then(|| Requirement {
                id: c[0].to_string(),
                rfc: c[1].to_string(),
                section: c[2].to_string(),
                keyword: c[3].to_string(),
                subject: c[4].to_string(),
                black_box: c[5] == "yes",
                summary: c[6].to_string(),
                test_idea: c.get(7).unwrap_or(&"").to_string(),
            })
        })
        .collect()
}

/// Whether a tag (without `@`) looks like a requirement ID: `6749-4.1.2-d`, `oauth21-4.1.1-a`.
pub fn is_requirement_tag(tag: &str) -> bool {
    let t = tag.trim_start_matches('@');
    let mut parts = t.rsplitn(2, '-');
    let (Some(letter), Some(head)) = (parts.next(), parts.next()) else {
        return false;
    };
    !letter.is_empty()
        && letter.chars().all(|c| c.is_ascii_lowercase())
        && head.contains('-')
        && head
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
        && (head.starts_with(|c: char| c.is_ascii_digit()) || head.starts_with("oauth21"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_yardstick_loads() {
        assert!(all().len() > 250);
        let r = lookup("6749-4.1.2-d").expect("known id");
        assert_eq!(r.level(), Level::Must);
        assert_eq!(lookup("6749-5.1-c").map(|r| r.level()), Some(Level::Should));
    }

    #[test]
    fn requirement_tags_are_recognised() {
        assert!(is_requirement_tag("@6749-4.1.2.1-c"));
        assert!(is_requirement_tag("7636-4.6-a"));
        assert!(!is_requirement_tag("@MUST"));
        assert!(!is_requirement_tag("@section-4.1.2.1"));
        assert!(!is_requirement_tag("RFC6749"));
    }
}
