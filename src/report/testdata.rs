//! A fixed report for the writers' snapshot tests: scenarios in all five outcomes across three
//! sections, listed out of section order, with redacted evidence and fixed times.

use super::model::{Evidence, Finding, Level, Outcome, Report, ScenarioResult, TargetInfo, Totals};

const ISSUER: &str = "https://as.example.test";

fn header(name: &str, value: &str) -> (String, String) {
    (name.to_string(), value.to_string())
}

fn token_request(
    body: &str,
    status: Option<u16>,
    response_body: Option<&str>,
    elapsed_ms: u64,
) -> Evidence {
    Evidence {
        method: "POST".into(),
        url: format!("{ISSUER}/token"),
        request_headers: vec![
            header("Authorization", "Basic [redacted]"),
            header("Content-Type", "application/x-www-form-urlencoded"),
        ],
        request_body: Some(body.into()),
        status,
        response_headers: match status {
            Some(_) => vec![
                header("Content-Type", "application/json"),
                header("Cache-Control", "no-store"),
            ],
            None => vec![],
        },
        response_body: response_body.map(Into::into),
        elapsed_ms,
    }
}

fn authorization_request(state: &str) -> Evidence {
    Evidence {
        method: "GET".into(),
        url: format!(
            "{ISSUER}/authorize?response_type=code&client_id=web-app&redirect_uri=https%3A%2F%2Fclient.example.test%2Fcb&state={state}"
        ),
        request_headers: vec![header("Cookie", "[redacted]")],
        request_body: None,
        status: Some(302),
        response_headers: vec![header(
            "Location",
            &format!("https://client.example.test/cb?code=[redacted]&state={state}"),
        )],
        response_body: None,
        elapsed_ms: 9,
    }
}

fn scenario(section: &str, feature: &str, file: &str, line: usize, name: &str) -> ScenarioResult {
    ScenarioResult {
        feature: feature.into(),
        file: file.into(),
        section: section.into(),
        rule: None,
        name: name.into(),
        line,
        requirements: vec![],
        level: Level::Must,
        tags: vec![],
        outcome: Outcome::Pass,
        message: None,
        findings: vec![],
        duration_ms: 0,
        exchanges: Vec::new(),
    }
}

fn finding(requirement: &str, level: Level, outcome: Outcome, message: &str) -> Finding {
    Finding {
        requirement: requirement.into(),
        level,
        outcome,
        message: message.into(),
        expected: None,
        observed: None,
        evidence: vec![],
    }
}

/// Sets requirements, tags, findings, outcome (from the findings) and duration.
fn finish(
    mut s: ScenarioResult,
    requirements: &[&str],
    level: Level,
    findings: Vec<Finding>,
    duration_ms: u64,
) -> ScenarioResult {
    let section_tag = s
        .section
        .split('/')
        .next_back()
        .unwrap_or_default()
        .to_string();
    let rfc_tag = s
        .section
        .split('/')
        .next()
        .unwrap_or_default()
        .to_ascii_uppercase();
    s.requirements = requirements.iter().map(|r| r.to_string()).collect();
    s.level = level;
    s.tags = vec![rfc_tag, format!("section-{section_tag}")];
    s.tags.extend(s.requirements.iter().cloned());
    s.tags.push(level.as_str().to_string());
    s.outcome = ScenarioResult::outcome_of(&findings);
    s.findings = findings;
    s.duration_ms = duration_ms;
    s
}

const PASSWORD: (&str, &str, &str) = (
    "rfc6749/2.3.1",
    "Client password authentication (RFC 6749 §2.2, §2.3.1)",
    "rfc6749/2.3.1-client-password.feature",
);
const CODE: (&str, &str, &str) = (
    "rfc6749/4.1.2",
    "Authorization response (RFC 6749 §4.1.2)",
    "rfc6749/4.1.2-authorization-response.feature",
);
const PKCE: (&str, &str, &str) = (
    "rfc7636/4.6",
    "The server verifies code_verifier before issuing tokens (RFC 7636 §4.5, §4.6)",
    "rfc7636/4.6-verifier-check.feature",
);

/// An HTML login page a misconfigured server returns from its token endpoint, long enough to be
/// cut in the terminal.
fn login_page() -> String {
    let mut page = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><title>Sign in</title></head>\n<body>\n<form method=\"post\" action=\"/login\">\n",
    );
    for field in ["username", "password", "otp", "remember"] {
        page.push_str(&format!(
            "  <label for=\"{field}\">{field}</label>\n  <input id=\"{field}\" name=\"{field}\" class=\"form-control form-control-lg login-field\" autocomplete=\"off\">\n"
        ));
    }
    page.push_str("  <button type=\"submit\">Sign in</button>\n</form>\n</body>\n</html>\n");
    page
}

/// The fixed sample report.
pub(crate) fn sample_report() -> Report {
    let mut scenarios = Vec::new();

    // Out of section order on purpose: writers must group and sort.
    let (section, feature, file) = PKCE;
    let mut right_verifier = finding(
        "7636-4.6-a",
        Level::Must,
        Outcome::Pass,
        "the S256 verifier matching the challenge got tokens",
    );
    right_verifier.evidence = vec![token_request(
        "grant_type=authorization_code&code=[redacted]&redirect_uri=https%3A%2F%2Fclient.example.test%2Fcb&code_verifier=[redacted]",
        Some(200),
        Some(r#"{"access_token":"[redacted]","token_type":"Bearer","expires_in":3600}"#),
        21,
    )];
    scenarios.push(finish(
        scenario(
            section,
            feature,
            file,
            8,
            "the right S256 verifier gets tokens",
        ),
        &["7636-4.6-a", "7636-4.2-a"],
        Level::Must,
        vec![
            right_verifier,
            finding(
                "7636-4.2-a",
                Level::Must,
                Outcome::Pass,
                "the S256 challenge was accepted",
            ),
        ],
        118,
    ));
    let mut plain = scenario(
        section,
        feature,
        file,
        30,
        "a plain verifier is compared directly",
    );
    plain.rule = Some("plain: the verifier is compared with the challenge directly".into());
    let mut plain = finish(
        plain,
        &["7636-4.6-b"],
        Level::Must,
        vec![finding(
            "7636-4.6-b",
            Level::Must,
            Outcome::Skipped,
            "the target does not offer the plain method (code_challenge_methods_supported is [\"S256\"])",
        )],
        0,
    );
    plain.message = Some(
        "the target does not offer the plain method (code_challenge_methods_supported is [\"S256\"])".into(),
    );
    scenarios.push(plain);

    let (section, feature, file) = CODE;
    let mut replay = finding(
        "6749-4.1.2-d",
        Level::Must,
        Outcome::Fail,
        "the second redemption of the same code was answered with tokens",
    );
    replay.expected = Some("400 with error=invalid_grant".into());
    replay.observed = Some("200 with an access_token".into());
    replay.evidence = vec![
        authorization_request("xyz"),
        token_request(
            "grant_type=authorization_code&code=[redacted]&redirect_uri=https%3A%2F%2Fclient.example.test%2Fcb",
            Some(200),
            Some(r#"{"access_token":"[redacted]","token_type":"Bearer","expires_in":3600,"refresh_token":"[redacted]"}"#),
            17,
        ),
        token_request(
            "grant_type=authorization_code&code=[redacted]&redirect_uri=https%3A%2F%2Fclient.example.test%2Fcb",
            Some(200),
            Some(r#"{"access_token":"[redacted]","token_type":"Bearer","expires_in":3600,"refresh_token":"[redacted]"}"#),
            15,
        ),
    ];
    let mut invalid_grant = finding(
        "6749-5.2-g",
        Level::Must,
        Outcome::Fail,
        "the second redemption was not refused with error=invalid_grant",
    );
    invalid_grant.expected = Some("error=invalid_grant".into());
    invalid_grant.observed = Some("no error member".into());
    let mut replayed = finish(
        scenario(
            section,
            feature,
            file,
            21,
            "a code redeemed twice is refused the second time with invalid_grant",
        ),
        &["6749-4.1.2-d", "6749-5.2-g"],
        Level::Must,
        vec![replay, invalid_grant],
        152,
    );
    replayed.rule = Some("A code can be used only once".into());
    replayed.message =
        Some("the second redemption of the same code was answered with tokens".into());
    scenarios.push(replayed);

    let mut revoked = finding(
        "6749-4.1.2-e",
        Level::Should,
        Outcome::Warn,
        "the access token from the first redemption is still active after the code was replayed",
    );
    revoked.expected = Some("introspection answers {\"active\":false}".into());
    revoked.observed = Some("{\"active\":true}".into());
    revoked.evidence = vec![Evidence {
        method: "POST".into(),
        url: format!("{ISSUER}/introspect"),
        request_headers: vec![
            header("Authorization", "Basic [redacted]"),
            header("Content-Type", "application/x-www-form-urlencoded"),
        ],
        request_body: Some("token=[redacted]&token_type_hint=access_token".into()),
        status: Some(200),
        response_headers: vec![header("Content-Type", "application/json")],
        response_body: Some(r#"{"active":true,"client_id":"web-app","scope":"openid"}"#.into()),
        elapsed_ms: 6,
    }];
    let mut warned = finish(
        scenario(
            section,
            feature,
            file,
            28,
            "tokens issued from a replayed code are revoked",
        ),
        &["6749-4.1.2-e"],
        Level::Should,
        vec![revoked],
        97,
    );
    warned.rule = Some("A code can be used only once".into());
    warned.message = Some(
        "the access token from the first redemption is still active after the code was replayed"
            .into(),
    );
    scenarios.push(warned);

    let mut in_query = finding(
        "6749-4.1.2-a",
        Level::Must,
        Outcome::Pass,
        "the redirect carries the code in the query component",
    );
    in_query.evidence = vec![authorization_request("af0ifjsldkj")];
    let mut query = finish(
        scenario(
            section,
            feature,
            file,
            7,
            "the code is delivered in the query",
        ),
        &["6749-4.1.2-a"],
        Level::Must,
        vec![in_query],
        64,
    );
    query.rule = Some("The code is added to the query component of the redirection URI".into());
    scenarios.push(query);

    let (section, feature, file) = PASSWORD;
    let mut basic = finding(
        "6749-2.3.1-a",
        Level::Must,
        Outcome::Pass,
        "HTTP Basic client authentication got tokens",
    );
    basic.evidence = vec![token_request(
        "grant_type=client_credentials&scope=read",
        Some(200),
        Some(r#"{"access_token":"[redacted]","token_type":"Bearer","expires_in":3600}"#),
        12,
    )];
    scenarios.push(finish(
        scenario(
            section,
            feature,
            file,
            6,
            "HTTP Basic authentication is accepted",
        ),
        &["6749-2.3.1-a"],
        Level::Must,
        vec![basic],
        45,
    ));

    let mut garbled = finding(
        "6749-2.3.1-b",
        Level::Must,
        Outcome::Error,
        "no verdict: the token request timed out, and the retry got an HTML page instead of JSON",
    );
    garbled.expected = Some("a JSON token response or a JSON error (RFC 6749 §5.1, §5.2)".into());
    garbled.observed = Some("Content-Type: text/html; charset=utf-8".into());
    let mut html = token_request(
        "grant_type=client_credentials&scope=read",
        Some(200),
        None,
        31,
    );
    html.response_headers = vec![header("Content-Type", "text/html; charset=utf-8")];
    html.response_body = Some(login_page());
    garbled.evidence = vec![
        token_request("grant_type=client_credentials&scope=read", None, None, 5000),
        html,
    ];
    let mut error = finish(
        scenario(
            section,
            feature,
            file,
            12,
            "a secret with reserved characters works in HTTP Basic",
        ),
        &["6749-2.3.1-b"],
        Level::Must,
        vec![garbled],
        5043,
    );
    error.message = Some(
        "no verdict: the token request timed out, and the retry got an HTML page instead of JSON"
            .into(),
    );
    scenarios.push(error);

    let totals = Totals::count(&scenarios);
    Report {
        schema_version: 1,
        tool: "oauth2spec".into(),
        tool_version: "0.1.0".into(),
        target: TargetInfo {
            name: "reference-server".into(),
            issuer: ISSUER.into(),
        },
        started_at: "2025-06-01T09:30:00Z".into(),
        duration_ms: 5631,
        strict: false,
        profile: None,
        scenarios,
        totals,
    }
}
