//! BanGUI's domain layer: configuration, database access and the services that the
//! API and the background jobs share.

pub mod config;
pub mod db;
pub mod time;

pub use config::Config;
