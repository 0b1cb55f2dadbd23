//! Checks on the anti-clickjacking defences of login and consent pages (RFC 9700 §4.16).
//!
//! Headers only: whether a page can really be framed is a browser's call, so these are the
//! heuristic the requirement names. A page without either header passes 9700-4.16-a only if it
//! carries recognisable frame-busting script.

use super::Verdict;
use crate::client::Response;

/// The `frame-ancestors` sources of the page's CSP headers, if any header has the directive.
fn frame_ancestors(resp: &Response) -> Option<Vec<String>> {
    resp.header_all("content-security-policy")
        .iter()
        .flat_map(|policy| policy.split(';'))
        .map(str::trim)
        .find_map(|directive| {
            let mut words = directive.split_ascii_whitespace();
            let name = words.next()?;
            name.eq_ignore_ascii_case("frame-ancestors")
                .then(|| words.map(str::to_string).collect())
        })
}

/// A `frame-ancestors` directive that keeps foreign origins out: not empty of meaning (`*` or a
/// bare scheme such as `https:` lets any site frame the page).
fn csp_restricts_framing(resp: &Response) -> bool {
    frame_ancestors(resp).is_some_and(|sources| {
        !sources.is_empty()
            && !sources.iter().any(|s| {
                s == "*" || s.eq_ignore_ascii_case("https:") || s.eq_ignore_ascii_case("http:")
            })
    })
}

/// `X-Frame-Options: DENY` or `SAMEORIGIN` (RFC 7034; `ALLOW-FROM` is ignored by browsers).
fn x_frame_options_restricts(resp: &Response) -> bool {
    resp.header("x-frame-options").is_some_and(|v| {
        let v = v.trim();
        v.eq_ignore_ascii_case("deny") || v.eq_ignore_ascii_case("sameorigin")
    })
}

/// Script that breaks out of frames: `top.location` assignments or `top !== self` tests.
fn has_frame_busting_script(resp: &Response) -> bool {
    let text = resp.text().to_ascii_lowercase().replace(' ', "");
    text.contains("<script")
        && [
            "top.location=",
            "top.location.href=",
            "top!==self",
            "top!=self",
            "self!==top",
            "self!=top",
            "window.top!==window.self",
            "window.self!==window.top",
        ]
        .iter()
        .any(|marker| text.contains(marker))
}

fn observed(resp: &Response) -> String {
    let xfo = resp.header("x-frame-options").unwrap_or("(none)");
    let csp = resp.header_all("content-security-policy");
    let csp = if csp.is_empty() {
        "(none)".to_string()
    } else {
        csp.join(" | ")
    };
    format!("X-Frame-Options: {xfo}; Content-Security-Policy: {csp}")
}

/// 9700-4.16-a: "the authorization server MUST prevent clickjacking attacks": the page carries
/// a restrictive CSP `frame-ancestors`, `X-Frame-Options: DENY|SAMEORIGIN`, or frame-busting
/// script.
pub fn framing_prevented(resp: &Response) -> Verdict {
    if csp_restricts_framing(resp) || x_frame_options_restricts(resp) {
        return Verdict::Met(format!("anti-framing headers: {}", observed(resp)));
    }
    if has_frame_busting_script(resp) {
        return Verdict::Met("no anti-framing header, but frame-busting script".into());
    }
    Verdict::violated(
        "the page can be framed by any site: no anti-framing defence",
        "Content-Security-Policy: frame-ancestors … or X-Frame-Options: DENY/SAMEORIGIN",
        observed(resp),
    )
}

/// 9700-4.16-b: "Content Security Policy (CSP) level 2 [CSP-2] or greater SHOULD be used"
/// with `frame-ancestors` on authorization, login and error pages.
pub fn csp_frame_ancestors(resp: &Response) -> Verdict {
    if csp_restricts_framing(resp) {
        Verdict::Met("Content-Security-Policy has a restrictive frame-ancestors".into())
    } else {
        Verdict::violated(
            "no restrictive CSP frame-ancestors directive",
            "Content-Security-Policy: frame-ancestors 'none' (or 'self', or the allowed origins)",
            observed(resp),
        )
    }
}

/// 9700-4.16-d: CSP "SHOULD be combined with" other anti-framing measures such as
/// `X-Frame-Options` or frame-busting script. Judged only where CSP frame-ancestors is there
/// (its absence is 9700-4.16-b's finding).
pub fn csp_combined_with_other_measures(resp: &Response) -> Option<Verdict> {
    if !csp_restricts_framing(resp) {
        return None;
    }
    Some(
        if x_frame_options_restricts(resp) || has_frame_busting_script(resp) {
            Verdict::Met(
                "CSP frame-ancestors combined with X-Frame-Options or frame-busting script".into(),
            )
        } else {
            Verdict::violated(
            "CSP frame-ancestors alone, with no X-Frame-Options or frame-busting script for older browsers",
            "X-Frame-Options: DENY/SAMEORIGIN as well as CSP frame-ancestors",
            observed(resp),
        )
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(headers: &[(&str, &str)], body: &str) -> Response {
        Response {
            status: 200,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), v.to_string()))
                .collect(),
            body: body.as_bytes().to_vec(),
            truncated: false,
        }
    }

    const CSP: (&str, &str) = (
        "Content-Security-Policy",
        "default-src 'self'; frame-ancestors 'none'",
    );
    const XFO: (&str, &str) = ("X-Frame-Options", "DENY");

    #[test]
    fn both_headers_pass_everything() {
        let r = page(&[CSP, XFO], "<form></form>");
        assert!(framing_prevented(&r).is_met());
        assert!(csp_frame_ancestors(&r).is_met());
        assert!(csp_combined_with_other_measures(&r).is_some_and(|v| v.is_met()));
    }

    #[test]
    fn no_defence_fails_the_must() {
        let r = page(&[], "<form></form>");
        assert!(!framing_prevented(&r).is_met());
        assert!(!csp_frame_ancestors(&r).is_met());
        assert!(csp_combined_with_other_measures(&r).is_none());
        let busting = page(
            &[],
            "<script>if (top !== self) top.location = self.location;</script>",
        );
        assert!(framing_prevented(&busting).is_met());
    }

    #[test]
    fn x_frame_options_alone_meets_the_must_but_not_the_csp_should() {
        let r = page(&[("x-frame-options", "SAMEORIGIN")], "");
        assert!(framing_prevented(&r).is_met());
        assert!(!csp_frame_ancestors(&r).is_met());
        let allow_from = page(&[("x-frame-options", "ALLOW-FROM https://a.example")], "");
        assert!(!framing_prevented(&allow_from).is_met());
    }

    #[test]
    fn csp_alone_warns_for_lack_of_a_second_measure() {
        let r = page(&[CSP], "");
        assert!(framing_prevented(&r).is_met());
        assert!(csp_combined_with_other_measures(&r).is_some_and(|v| !v.is_met()));
    }

    #[test]
    fn a_wildcard_frame_ancestors_protects_nothing() {
        let r = page(&[("content-security-policy", "frame-ancestors *")], "");
        assert!(!framing_prevented(&r).is_met());
        assert!(!csp_frame_ancestors(&r).is_met());
    }
}
