//! Accounts, sessions, API tokens and the defences around signing in.

pub mod accounts;
mod cache;
pub mod credential;
pub mod password;
pub mod ratelimit;
pub mod service;
pub mod sessions;
pub mod tokens;
pub mod users;

pub use accounts::Accounts;
pub use credential::Credential;
pub use password::Hasher;
pub use ratelimit::LoginLimiter;
pub use service::{AccountService, Client, SignedIn};
pub use sessions::{SessionPolicy, Sessions};
