//! Why a use of fail2ban's configuration directory failed.

use serde::{Deserialize, Serialize};

/// Why a read, a write or a filter test of the configuration did not happen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum FilesError {
    /// Not done as asked: a bad expression, a file BanGUI does not own, a
    /// log that is no jail's, fail2ban-regex's refusal.
    #[error("{0}")]
    Refused(String),
    /// The host could not do it.
    #[error("{what}: {reason}")]
    Failed { what: String, reason: String },
    /// The directory is on another host whose agent is not connected.
    #[error("host {host:?} is not connected")]
    HostUnavailable { host: String },
    /// The host's agent answered something else or could not be asked.
    #[error("{0}")]
    Remote(String),
}

impl FilesError {
    pub fn failed(what: &str, reason: impl std::fmt::Display) -> FilesError {
        FilesError::Failed {
            what: what.to_owned(),
            reason: reason.to_string(),
        }
    }

    pub(crate) fn unexpected(reason: &str) -> FilesError {
        FilesError::failed("reading fail2ban-regex's report", reason)
    }
}
