//! fail2ban's configuration that lasts: the allowlist, filters, filter
//! tests, jails BanGUI creates and the history of every change.

pub mod mutation;
pub mod query;
pub mod subscription;
pub mod types;
