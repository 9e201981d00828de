//! BanGUI's server: the GraphQL API, the HTTP endpoints and the start-up sequence
//! behind the `bangui` binary.

pub mod cli;
pub mod graphql;
pub mod http;
pub mod metrics;
pub mod notifications;
pub mod request;
pub mod startup;
pub mod state;
pub mod telemetry;

pub use startup::{Running, StartupError, start};
pub use state::{App, AppState};

/// The allocator of every program built on this crate (the `bangui` binary,
/// its tests and benchmarks). glibc's keeps what a long-running server frees
/// in pieces it cannot reuse (each 19 MiB password hash, aligned, left a hole
/// of its size); mimalloc reuses and returns it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
