//! Jails: their state and settings, and starting, stopping and reloading them.

pub mod mutation;
pub mod query;
pub mod types;
