//! Notifications: channels, rules and the log of deliveries. ADMIN only.

pub mod kinds;
pub mod mutation;
pub mod query;
pub mod types;
