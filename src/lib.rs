//! oauth2spec: a conformance harness for OAuth 2.0 authorization servers.

pub mod client;
pub mod config;
pub mod login;
pub mod report;
