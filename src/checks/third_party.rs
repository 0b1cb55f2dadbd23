//! RFC 9700 §4.2.4: the pages of the authorization endpoint carry no third-party resources or
//! links to external sites (they would receive the page URL, with its state, in Referer).

use scraper::{Html, Selector};
use url::Url;

use super::Verdict;

/// Every `src` and `href` of the page that resolves to another origin than the page's own.
pub fn external_references(page_url: &str, html: &str) -> Vec<String> {
    let Ok(base) = Url::parse(page_url) else {
        return Vec::new();
    };
    let Ok(selector) = Selector::parse("[src], [href]") else {
        return Vec::new();
    };
    let doc = Html::parse_document(html);
    let mut out = Vec::new();
    for el in doc.select(&selector) {
        for attr in ["src", "href"] {
            let Some(value) = el.value().attr(attr) else {
                continue;
            };
            let Ok(target) = base.join(value.trim()) else {
                continue;
            };
            if matches!(target.scheme(), "http" | "https") && target.origin() != base.origin() {
                out.push(format!("<{} {attr}=\"{}\">", el.value().name(), target));
            }
        }
    }
    out
}

/// 9700-4.2.4-a: "the authorization endpoint SHOULD NOT include third-party resources or
/// links to external sites".
pub fn no_external_references(page_url: &str, html: &str) -> Verdict {
    let found = external_references(page_url, html);
    if found.is_empty() {
        Verdict::Met("no resource or link to another origin".into())
    } else {
        Verdict::violated(
            "the page references another origin, which would learn the page URL through Referer",
            "no src or href to another origin",
            found.join(", "),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "https://as.example/login?request_id=x";

    #[test]
    fn same_origin_and_relative_references_pass() {
        let html = r#"<link href="/style.css"><form action="/login"></form><a href="https://as.example/help">help</a><a href="\#top">top</a>"#;
        assert!(no_external_references(PAGE, html).is_met());
    }

    #[test]
    fn third_party_scripts_images_and_links_fail() {
        let html = r#"<script src="https://cdn.example/a.js"></script><img src="//img.example/x.png"><a href="http://as.example/">other scheme</a>"#;
        let found = external_references(PAGE, html);
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(!no_external_references(PAGE, html).is_met());
    }
}
