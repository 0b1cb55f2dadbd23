//! Third-party resources and external links on the authorization endpoint's pages (RFC 9700
//! §4.2.4).

use cucumber::then;

use crate::checks::{third_party as check, Verdict};
use crate::world::World;

#[then(regex = r"^no login or consent page references resources or links on other sites$")]
fn no_third_party(world: &mut World) {
    if world.halted() {
        return;
    }
    let pages = super::framing::html_pages(world);
    if pages.is_empty() {
        return world.skip(
            "the front channel showed no HTML page to inspect (an external login driver, or no login or consent page)",
        );
    }
    for (i, page) in &pages {
        let url = world.exchanges[*i].request.url.clone();
        if let v @ Verdict::Violated { .. } = check::no_external_references(&url, &page.text()) {
            return world.record(Some("9700-4.2.4-a"), v, &[*i]);
        }
    }
    let indexes: Vec<usize> = pages.iter().map(|(i, _)| *i).collect();
    world.record(
        Some("9700-4.2.4-a"),
        Verdict::Met(format!(
            "{} login/consent pages reference only their own origin",
            indexes.len()
        )),
        &indexes,
    );
}
