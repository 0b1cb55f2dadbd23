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
//!
//! A body announced (Content-Length) larger than the bound but at most [`MAX_DRAINED_BYTES`] is
//! read and discarded before the 413 goes out: answering while the client is still sending and
//! then closing can reset the connection before the client reads the answer, so a client (the
//! harness's fuzzer among them) would see no response at all, depending on timing.

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// Longest request target (path and query) accepted.
pub(crate) const MAX_TARGET_BYTES: usize = 8 * 1024;
/// Largest header section accepted, names and values together.
pub(crate) const MAX_HEADER_BYTES: usize = 16 * 1024;

/// Largest announced body that is read (and discarded) before the 413; larger ones are refused
/// at once.
pub(crate) const MAX_DRAINED_BYTES: usize = 1024 * 1024;

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
    let announced = request
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    if let Some(length) =
        announced.filter(|l| (crate::MAX_BODY_BYTES + 1..=MAX_DRAINED_BYTES).contains(l))
    {
        drain(request.into_body()).await;
        return too_large(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "the body is {length} bytes; this server accepts at most {}",
                crate::MAX_BODY_BYTES
            ),
        );
    }
    next.run(request).await
}

/// Reads and drops a body, at most [`MAX_DRAINED_BYTES`] of it.
async fn drain(mut body: axum::body::Body) {
    use http_body_util::BodyExt;
    let mut read = 0;
    while let Some(Ok(frame)) = body.frame().await {
        read += frame.data_ref().map_or(0, |d| d.len());
        if read > MAX_DRAINED_BYTES {
            break;
        }
    }
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
