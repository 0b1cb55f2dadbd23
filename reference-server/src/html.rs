//! Front-channel responses: HTML pages and browser redirects, with the headers that keep them
//! out of frames and caches (RFC 6749 §10.13 clickjacking; codes must not be cached).

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};

/// Escapes text for HTML element content and double-quoted attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}

/// `X-Frame-Options` and `frame-ancestors` keep login and consent out of other sites' frames
/// (§10.13); `no-store` keeps pages and redirects carrying codes out of caches.
fn add_front_channel_headers(headers: &mut HeaderMap) {
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("frame-ancestors 'none'"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

/// The framing quirks (RFC 9700 §4.16) take the anti-framing headers off the login and consent
/// pages: both, or only one of the two measures the BCP asks to combine.
pub(crate) fn with_framing_quirks(state: &crate::AppState, mut response: Response) -> Response {
    use crate::Quirk;
    let headers = response.headers_mut();
    if state.quirk(Quirk::LoginPageFrameable) || state.quirk(Quirk::FramingCspOnly) {
        headers.remove(header::X_FRAME_OPTIONS);
    }
    if state.quirk(Quirk::LoginPageFrameable) || state.quirk(Quirk::FramingWithoutCsp) {
        headers.remove(header::CONTENT_SECURITY_POLICY);
    }
    response
}

/// A complete HTML page. `body` is markup; callers escape whatever they put into it.
pub(crate) fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let document = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{title}</title>\n</head>\n<body>\n<h1>{title}</h1>\n{body}</body>\n</html>\n",
        title = escape(title),
    );
    let mut response = (status, Html(document)).into_response();
    add_front_channel_headers(response.headers_mut());
    response
}

/// The page shown instead of redirecting when the client or its redirect URI cannot be trusted
/// (RFC 6749 §3.1.2.4, §4.1.2.1): the user is told, the client is not.
pub(crate) fn error_page(status: StatusCode, message: &str) -> Response {
    let body = format!("<p class=\"error\">{}</p>\n", escape(message));
    page(status, "Authorization request refused", &body)
}

/// `303 See Other`, so the browser follows with a GET whatever method led here.
pub(crate) fn see_other(location: &str) -> Response {
    match HeaderValue::from_str(location) {
        Ok(value) => {
            let mut response = StatusCode::SEE_OTHER.into_response();
            let headers = response.headers_mut();
            headers.insert(header::LOCATION, value);
            add_front_channel_headers(headers);
            response
        }
        Err(_) => error_page(
            StatusCode::BAD_REQUEST,
            "the redirect target cannot be sent in a Location header",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn pages_and_redirects_carry_anti_framing_headers() {
        for response in [
            page(StatusCode::OK, "t", ""),
            see_other("http://127.0.0.1:9999/cb?code=x"),
        ] {
            let headers = response.headers();
            assert_eq!(headers[header::X_FRAME_OPTIONS], "DENY");
            assert_eq!(
                headers[header::CONTENT_SECURITY_POLICY],
                "frame-ancestors 'none'"
            );
            assert_eq!(headers[header::CACHE_CONTROL], "no-store");
        }
    }

    #[test]
    fn an_unsendable_location_becomes_an_error_page() {
        let response = see_other("http://x/\n");
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        assert!(response.headers().get(header::LOCATION).is_none());
    }
}
