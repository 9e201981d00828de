//! Accounts: first-run setup, sign-in, users, API tokens and the audit log.

pub mod mutation;
pub mod query;
pub mod types;
