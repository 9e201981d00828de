//! Bans: listing from the archive or fail2ban, banning and unbanning.

pub mod filter;
pub mod mutation;
pub mod query;
pub mod types;
