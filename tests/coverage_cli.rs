//! `oauth2spec coverage`: the yardstick counted against the scenarios' requirement tags.

mod common;

use common::{oauth2spec, text};
use std::collections::BTreeSet;

use oauth2spec::features::{self, requirement_ids, tags_of, Selection};
use oauth2spec::report::model::Level;
use oauth2spec::requirements;

#[test]
fn coverage_prints_rfcs_and_percentages() {
    let out = oauth2spec(&["coverage"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(0), "{t}");
    assert!(t.contains("RFC 6749"), "{t}");
    assert!(t.contains('%'), "{t}");
    assert!(t.contains("total MUST"), "{t}");
    assert!(t.contains("Not black-box (not counted)"), "{t}");
}

#[test]
fn json_covered_counts_equal_what_the_features_carry() {
    let out = oauth2spec(&["coverage", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("coverage JSON parses");

    let features = features::load(None).expect("embedded features");
    let tagged: BTreeSet<String> = Selection::default()
        .scenarios(&features)
        .into_iter()
        .flat_map(|(f, r, s)| requirement_ids(&tags_of(f, r, s)))
        .collect();
    let black_box: Vec<_> = requirements::all().iter().filter(|r| r.black_box).collect();
    let covered = |rfc: Option<&str>, level: Option<Level>| {
        black_box
            .iter()
            .filter(|r| rfc.is_none_or(|x| r.rfc == x))
            .filter(|r| level.is_none_or(|l| r.level() == l))
            .filter(|r| tagged.contains(&r.id))
            .count() as u64
    };

    let rfcs = json["rfcs"].as_array().expect("rfcs array");
    assert!(rfcs.iter().any(|r| r["rfc"] == "6749"));
    for r in rfcs {
        let rfc = r["rfc"].as_str().unwrap();
        for (key, level) in [
            ("MUST", Level::Must),
            ("SHOULD", Level::Should),
            ("MAY", Level::May),
        ] {
            assert_eq!(
                r["levels"][key]["covered"].as_u64(),
                Some(covered(Some(rfc), Some(level))),
                "{rfc} {key}"
            );
        }
        assert_eq!(
            r["levels"]["all"]["covered"].as_u64(),
            Some(covered(Some(rfc), None))
        );
    }
    assert_eq!(
        json["totals"]["all"]["covered"].as_u64(),
        Some(covered(None, None))
    );
    assert_eq!(
        json["totals"]["all"]["total"].as_u64(),
        Some(black_box.len() as u64)
    );
    let uncovered = json["uncovered"].as_array().unwrap();
    assert_eq!(
        uncovered.len() as u64,
        black_box.len() as u64 - covered(None, None)
    );
    assert_eq!(
        json["not_black_box"].as_u64(),
        Some((requirements::all().len() - black_box.len()) as u64)
    );
    assert_eq!(json["unknown_tags"].as_array().map(Vec::len), Some(0));
}

#[test]
fn a_tag_naming_an_unknown_requirement_exits_2_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("rfc6749");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(
        sub.join("4.1.2-x.feature"),
        "Feature: f\n\n  @6749-4.1.2-d @6749-99.9-z @MUST\n  Scenario: s\n    Given a step\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("uncovered.tsv"),
        "id\treason\n6749-3.1-c\tTLS only\n",
    )
    .unwrap();
    let out = oauth2spec(&["coverage", "--features-dir", dir.path().to_str().unwrap()]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(2), "{t}");
    assert!(t.contains("rfc6749/4.1.2-x.feature:4"), "{t}");
    assert!(t.contains("6749-99.9-z"), "{t}");
    assert!(
        t.contains("TLS only"),
        "reasons come from the directory: {t}"
    );
}
