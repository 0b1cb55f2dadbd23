//! Bounded requests: the server under the harness's fuzzer must not be made to hold or parse
//! arbitrarily large input. Bodies are bounded by `RequestBodyLimitLayer` (413); this module
//! bounds the rest of the request before any handler runs:
//!
//! - the request target (path and query): 414 URI Too Long (RFC 9110 §15.5.15). An
//!   authorization request carries everything in its query (RFC 6749 §4.1.1), so the bound is
//!   generous: 8 KiB, the size RFC 9112 §3 recommends every server support at least;
//! - the header section: 431 Request Header Fields Too Large (RFC 6585 §5), at 16 KiB in all.
//!
//! Hyper already refuses heads beyond its read buffer (about 400 KiB); these bounds are the
//! server's own, small enough that one request cannot cost much.

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// Longest request target (path and query) accepted.
pub(crate) const MAX_TARGET_BYTES: usize = 8 * 1024;
/// Largest header section accepted, names and values together.
pub(crate) const MAX_HEADER_BYTES: usize = 16 * 1024;

/// Refuses requests whose target or header section is too large.
pub(crate) async fn bounded_request(request: Request, next: Next) -> Response {
    let target = request
        .uri()
        .path_and_query()
        .map_or(0, |p| p.as_str().len());
    if target > MAX_TARGET_BYTES {
        return too_large(
            StatusCode::URI_TOO_LONG,
            format!("the request target is {target} bytes; this server accepts at most {MAX_TARGET_BYTES}"),
        );
    }
    let headers: usize = request
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len())
        .sum();
    if headers > MAX_HEADER_BYTES {
        return too_large(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            format!("the header fields are {headers} bytes; this server accepts at most {MAX_HEADER_BYTES}"),
        );
    }
    next.run(request).await
}

/// Plain JSON, not an OAuth error response: no endpoint has looked at the request yet.
fn too_large(status: StatusCode, description: String) -> Response {
    (
        status,
        [(axum::http::header::CACHE_CONTROL, "no-store")],
        axum::Json(json!({ "error": "invalid_request", "error_description": description })),
    )
        .into_response()
}
