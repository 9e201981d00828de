//! The dashboard: totals, bans by country, trend, jails and top addresses.

pub mod query;
pub mod subscription;
pub mod types;
