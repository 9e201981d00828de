//! BanGUI's server: the GraphQL API, the HTTP endpoints and the start-up sequence
//! behind the `bangui` binary.

pub mod cli;
pub mod graphql;
pub mod http;
pub mod startup;
pub mod state;
pub mod telemetry;

pub use startup::{Running, StartupError, start};
pub use state::{App, AppState};
