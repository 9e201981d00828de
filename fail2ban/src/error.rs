//! Typed failures of talking to fail2ban.

use std::path::PathBuf;
use std::time::Duration;

/// What went wrong talking to fail2ban.
#[derive(Debug, Clone, PartialEq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum Fail2banError {
    /// The socket is missing, refuses connections, or the connection broke.
    #[error("fail2ban is unavailable at {socket}: {reason}")]
    Unavailable { socket: PathBuf, reason: String },
    /// fail2ban did not answer in time.
    #[error("fail2ban did not answer within {}s", .after.as_secs_f32())]
    Timeout { after: Duration },
    /// The answer could not be understood.
    #[error("unexpected answer from fail2ban: {0}")]
    Protocol(String),
    /// The jail does not exist.
    #[error("fail2ban has no jail named {0:?}")]
    UnknownJail(String),
    /// fail2ban ran the command and raised an exception.
    #[error("fail2ban refused the command: {class}: {message}")]
    Server { class: String, message: String },
    /// The fail2ban is on another host whose agent is not connected (or went
    /// away while the command ran).
    #[error("host {host:?} is not connected")]
    HostUnavailable { host: String },
}

/// Result alias of this crate.
pub type Result<T> = std::result::Result<T, Fail2banError>;
