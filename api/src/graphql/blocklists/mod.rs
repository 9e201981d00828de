//! Blocklist sources and their import runs: the sources (ADMIN), runs on demand
//! and dry runs (OPERATOR), the import log and live progress (VIEWER).

pub mod loader;
pub mod mutation;
pub mod prefetch;
pub mod query;
pub mod subscription;
pub mod types;
