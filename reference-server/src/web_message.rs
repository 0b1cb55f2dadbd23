//! `response_mode=web_message`: the authorization response is delivered to the client's window
//! with `postMessage` instead of a redirect (RFC 9700 §4.17.2).
//!
//! RFC 9700 §4.17.2: "the receiver origin [is] matched exactly" against the client's registered
//! origins, and the message never goes to the wildcard origin `*`. The origin here is the
//! origin (scheme, host, port) of the redirect URI, which was matched against the registered
//! ones before the request got this far.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;
use url::Url;

use crate::html::{error_page, page};
use crate::{AppState, Quirk};

/// The `response_mode` value, also listed in the metadata's `response_modes_supported`.
pub(crate) const RESPONSE_MODE: &str = "web_message";

/// The page that posts `code`, `state` and `iss` to the opener, at the redirect URI's origin.
pub(crate) fn post_code(
    state: &AppState,
    redirect_uri: &str,
    code: &str,
    request_state: Option<&str>,
) -> Response {
    let Some(origin) = target_origin(state, redirect_uri) else {
        return error_page(
            StatusCode::BAD_REQUEST,
            "the redirect URI has no origin to post the response to",
        );
    };
    let mut response = json!({ "code": code, "iss": &*state.issuer });
    if let Some(request_state) = request_state {
        response["state"] = json!(request_state);
    }
    let message = json!({ "type": "authorization_response", "response": response });
    let script = format!(
        "<script>\nwindow.opener.postMessage({}, {});\n</script>\n",
        script_json(&message),
        script_json(&json!(origin)),
    );
    page(StatusCode::OK, "Returning to the application", &script)
}

/// The `targetOrigin` argument: the redirect URI's origin, exactly; the quirks post to `*` or
/// to an origin that lost its port.
fn target_origin(state: &AppState, redirect_uri: &str) -> Option<String> {
    if state.quirk(Quirk::WebMessageWildcardOrigin) {
        return Some("*".to_owned());
    }
    let url = Url::parse(redirect_uri).ok()?;
    if state.quirk(Quirk::WebMessageUncheckedOrigin) {
        return Some(format!("{}://{}", url.scheme(), url.host_str()?));
    }
    let origin = url.origin();
    origin.is_tuple().then(|| origin.ascii_serialization())
}

/// JSON that is safe inside a `<script>` element: no `<` can close it.
fn script_json(value: &serde_json::Value) -> String {
    value.to_string().replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_the_script() {
        let text = script_json(&json!("</script><script>alert(1)"));
        assert!(!text.contains('<'), "{text}");
    }
}
