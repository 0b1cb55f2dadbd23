//! Target configuration: the TOML file describing a server (`settings`), how it is read
//! (`load`), and the resolved target after RFC 8414 discovery (`target`).

pub mod load;
pub mod settings;
pub mod target;
pub mod tls;

pub use load::{load, ConfigError};
pub use settings::*;
pub use target::{resolve, Limits, ResolveError, Target};
pub use tls::Tls;
