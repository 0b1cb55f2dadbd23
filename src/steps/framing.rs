//! Steps on the anti-clickjacking defences of the login and consent pages (RFC 9700 §4.16).

use cucumber::then;

use crate::checks::{framing as check, Verdict};
use crate::client::Response;
use crate::world::World;

/// The HTML pages (200, text/html) the front channel showed: login and consent.
pub(crate) fn html_pages(world: &World) -> Vec<(usize, Response)> {
    world
        .exchanges
        .iter()
        .enumerate()
        .filter_map(|(i, _)| world.response(i).map(|r| (i, r.clone())))
        .filter(|(_, r)| {
            r.status == 200
                && r.content_type()
                    .is_some_and(|c| c.to_ascii_lowercase().contains("text/html"))
        })
        .collect()
}

/// Judges every page with `check` and records one finding: the first page that breaks the
/// rule, or all pages met.
fn judge_pages(world: &mut World, requirement: &str, check: fn(&Response) -> Option<Verdict>) {
    if world.halted() {
        return;
    }
    let pages = html_pages(world);
    if pages.is_empty() {
        return world.skip(
            "the front channel showed no HTML page to inspect (an external login driver, or no login or consent page)",
        );
    }
    let mut judged = Vec::new();
    for (i, page) in &pages {
        match check(page) {
            Some(v @ Verdict::Violated { .. }) => {
                return world.record(Some(requirement), v, &[*i]);
            }
            Some(Verdict::Met(_)) => judged.push(*i),
            None => {}
        }
    }
    if judged.is_empty() {
        // Nothing to judge here (the precondition of this rule is another rule's finding).
        return;
    }
    let message = format!("all {} login/consent pages: met", judged.len());
    world.record(Some(requirement), Verdict::Met(message), &judged);
}

#[then(regex = r"^every login and consent page forbids framing by other sites$")]
fn forbids_framing(world: &mut World) {
    judge_pages(world, "9700-4.16-a", |r| Some(check::framing_prevented(r)));
}

#[then(regex = r"^every login and consent page sets CSP frame-ancestors$")]
fn sets_csp(world: &mut World) {
    judge_pages(world, "9700-4.16-b", |r| {
        Some(check::csp_frame_ancestors(r))
    });
}

#[then(regex = r"^every login and consent page combines CSP with another anti-framing measure$")]
fn combines(world: &mut World) {
    judge_pages(
        world,
        "9700-4.16-d",
        check::csp_combined_with_other_measures,
    );
}
