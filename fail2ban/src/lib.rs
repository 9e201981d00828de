//! Talks to fail2ban: its socket protocol (pickled commands over a Unix socket) and
//! a read-only reader for its SQLite database, fail2ban-client, and its
//! configuration directory.

pub mod cli;
pub mod client;
pub mod command;
pub mod conf;
pub mod db;
pub mod error;
mod exchange;
pub mod pickle;
pub mod protocol;
pub mod status;

pub use client::{Fail2ban, SocketClient};
pub use command::{Command, JailSetting, target};
pub use error::{Fail2banError, Result};
pub use status::{BannedIp, JailStatus, ServerStatus};
