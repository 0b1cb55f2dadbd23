//! oauth2spec: a conformance harness for OAuth 2.0 authorization servers.
//!
//! Pipeline: `config` (target file + RFC 8414 discovery) → `features` (Gherkin, selection) →
//! `runner` (cucumber-rs, one `world::World` per scenario, `steps` over `client`, `login` and
//! `checks`) → `report` (one model, several writers).

pub mod baseline;
pub mod checks;
pub mod cli;
pub mod client;
pub mod config;
pub mod coverage;
pub mod exit_code;
pub mod explain;
pub mod features;
pub mod fuzz;
pub mod gating;
pub mod login;
pub mod protocol;
pub mod report;
pub mod requirements;
pub mod runner;
pub mod session;
mod steps;
pub mod world;
