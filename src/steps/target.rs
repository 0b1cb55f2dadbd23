//! Steps about what the target offers: they skip the scenario, with the reason, when it does not.

use cucumber::given;

use crate::world::World;

#[given(regex = r#"^the target offers the "([^"]+)" grant$"#)]
fn offers_grant(world: &mut World, grant: String) {
    if world.halted() {
        return;
    }
    if !world.target().is_some_and(|t| t.offers_grant(&grant)) {
        world.skip(format!("the target does not offer the {grant} grant (grant_types_supported / offers.grant_types)"));
    }
}

#[given(regex = r#"^the target supports PKCE method "([^"]+)"$"#)]
fn supports_pkce_method(world: &mut World, method: String) {
    if world.halted() {
        return;
    }
    if !world
        .target()
        .is_some_and(|t| t.offers_pkce_method(&method))
    {
        world.skip(format!("the target does not support PKCE method {method} (code_challenge_methods_supported / offers.pkce_methods)"));
    }
}

/// RFC 7636's rules for "the server supporting PKCE" (its challenge syntax, its unsupported
/// methods) do not bind a server with no PKCE method at all, to which the PKCE parameters are
/// unrecognised ones that RFC 6749 §3.1 has it ignore (RFC 9700 §2.1.1's "MUST support PKCE" is
/// checked on its own).
#[given(regex = r"^the target supports PKCE$")]
fn supports_pkce(world: &mut World) {
    if world.halted() {
        return;
    }
    if world.target().is_some_and(|t| t.pkce_methods.is_empty()) {
        world.skip("the target supports no PKCE method (code_challenge_methods_supported / offers.pkce_methods), so the PKCE parameters are unrecognised ones it ignores (RFC 6749 §3.1) and RFC 7636's rules for a server supporting PKCE do not apply");
    }
}

#[given(regex = r"^the target requires PKCE for public clients$")]
fn requires_pkce_for_public(world: &mut World) {
    if world.halted() {
        return;
    }
    if !world
        .target()
        .is_some_and(|t| t.pkce_required_for_public_clients)
    {
        world.skip("the target config says PKCE is not required for public clients (offers.pkce_required_for_public_clients)");
    }
}

#[given(regex = r"^the target has a protected resource$")]
fn has_resource(world: &mut World) {
    if world.halted() {
        return;
    }
    if world.target().is_none_or(|t| t.resource.is_none()) {
        return world.skip("the target config names no protected resource (endpoints.resource)");
    }
    world.for_resource = true;
}
