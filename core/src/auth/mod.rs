//! Accounts, sessions, API tokens and the defences around signing in.

pub mod password;
pub mod ratelimit;
pub mod sessions;
pub mod tokens;
pub mod users;

pub use ratelimit::LoginLimiter;
pub use sessions::{SessionPolicy, Sessions};
