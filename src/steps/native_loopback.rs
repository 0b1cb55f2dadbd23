//! Steps for native apps on loopback redirect URIs (RFC 9700 §4.1.3, RFC 8252 §7.3).

use cucumber::{given, then};

use super::authorization::{modify, redirect_or_fail};
use crate::checks::native_loopback as check;
use crate::world::World;

/// The port the app pretends the OS gave it for this request.
const EPHEMERAL_PORT: u16 = 51004;

/// `registered` with an ephemeral port, if it is a loopback IP redirect URI (RFC 8252 §7.3:
/// `127.0.0.1` or `[::1]` over http; `localhost` is not one).
fn with_ephemeral_port(registered: &str) -> Result<String, String> {
    let mut url = url::Url::parse(registered)
        .map_err(|e| format!("registered redirect URI {registered:?}: {e}"))?;
    if url.scheme() != "http" || !matches!(url.host_str(), Some("127.0.0.1" | "[::1]")) {
        return Err(format!(
            "the native client's redirect URI {registered:?} is not a loopback IP one (http://127.0.0.1 or http://[::1])"
        ));
    }
    let port = if url.port() == Some(EPHEMERAL_PORT) {
        EPHEMERAL_PORT + 1
    } else {
        EPHEMERAL_PORT
    };
    url.set_port(Some(port))
        .map_err(|_| format!("cannot set a port on {registered:?}"))?;
    Ok(url.to_string())
}

#[given(regex = r"^the redirect_uri is the registered loopback one on an ephemeral port$")]
fn ephemeral_port(world: &mut World) {
    modify(world, |w, a| {
        let Some(registered) = a.client.redirect_uris.first().cloned() else {
            return w.skip("the native client has no registered redirect URI");
        };
        match with_ephemeral_port(&registered) {
            Ok(uri) => a.set("redirect_uri", &uri),
            Err(e) => w.skip(e),
        }
    });
}

#[then(regex = r"^the client is redirected to that port with an authorization code$")]
fn code_at_port(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(sent) = world
        .auth
        .as_ref()
        .and_then(|a| a.get("redirect_uri"))
        .map(str::to_string)
    else {
        return world.missing("a redirect_uri in the request");
    };
    let ev = world.front_evidence();
    if let Some(r) = redirect_or_fail(world, None, "a redirect with a code to the requested port") {
        world.record(None, check::code_at_requested_port(&r, &sent), &ev);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_ip_literals_get_a_port() {
        assert_eq!(
            with_ephemeral_port("http://127.0.0.1/cb").unwrap(),
            "http://127.0.0.1:51004/cb"
        );
        assert_eq!(
            with_ephemeral_port("http://[::1]:51004/cb").unwrap(),
            "http://[::1]:51005/cb"
        );
        assert!(with_ephemeral_port("http://localhost/cb").is_err());
        assert!(with_ephemeral_port("https://app.example/cb").is_err());
    }
}
