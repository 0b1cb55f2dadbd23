//! Harness: HTML login and consent pages (forms, hidden fields, buttons, base URL) as the
//! HTML login driver reads and submits them.
//!
//! Oracles: no panic; a submission's URL is absolute.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oauth2spec::config::{ConsentSettings, LoginSettings, UserSettings};
use oauth2spec::login::form;
use oauth2spec::login::Decision;

const PAGE_URL: &str = "http://127.0.0.1:9/login?request_id=abc";

fuzz_target!(|input: &[u8]| {
    let Ok(html) = std::str::from_utf8(input) else {
        return;
    };
    let page = form::parse_page(html, None, None);
    let login = LoginSettings::default();
    let consent = ConsentSettings::default();
    let user = UserSettings {
        username: "alice".into(),
        password: "alice-pass-123".into(),
    };
    let base = page.base.as_deref();
    if let Some((index, step)) = form::find_login_form(&page, &login) {
        if let Ok(submission) =
            form::fill_login(&page.forms[index], step, &user, &login, PAGE_URL, base)
        {
            assert!(
                url::Url::parse(&submission.url).is_ok(),
                "{}",
                submission.url
            );
        }
    }
    if let Some(index) = form::find_consent_form(&page, &consent) {
        for decision in [Decision::Approve, Decision::Deny] {
            if let Ok(Some(submission)) =
                form::press_consent(&page, index, decision, &consent, PAGE_URL)
            {
                assert!(
                    url::Url::parse(&submission.url).is_ok(),
                    "{}",
                    submission.url
                );
            }
        }
    }
    for form in &page.forms {
        let _ = form::fingerprint(form, PAGE_URL, base);
    }
});
