//! BanGUI's domain layer: configuration, database access and the services that the
//! API and the background jobs share.

pub mod actor;
pub mod archive;
pub mod audit;
pub mod auth;
pub mod bans;
pub mod blocklist;
pub mod config;
pub mod dashboard;
pub mod db;
pub mod demo;
pub mod digest;
pub mod error;
pub mod events;
pub mod fail2ban_config;
pub mod geo;
pub mod health;
pub mod hosts;
pub mod intent;
pub mod jails;
pub mod net;
pub mod notify;
pub mod pagination;
pub mod settings;
pub mod statements;
pub mod sync;
pub mod time;
pub mod validate;

pub use actor::{Actor, Role};
pub use config::Config;
pub use error::{ServiceError, ServiceResult};
