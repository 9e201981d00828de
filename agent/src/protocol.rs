//! The agent protocol: JSON text messages over one WebSocket, which the agent
//! opens to the hub's `/agent/ws` with its token as a bearer token.
//!
//! 1. The agent says [`AgentMessage::Hello`] with its protocol version; the hub
//!    answers [`HubMessage::Welcome`], or [`HubMessage::Refused`] and closes
//!    when it cannot speak that version.
//! 2. The hub sends [`HubMessage::Request`]s, each with an id, and the agent
//!    answers each with an [`AgentMessage::Reply`] of the same id. A request
//!    that arrives twice is run once; the second gets the first's answer.
//! 3. The agent sends [`AgentMessage::Bans`] from its queue; the hub archives
//!    them and answers [`HubMessage::Ack`], after which the agent forgets them.
//!    Until then they are sent again on every new connection.

use std::collections::HashMap;

use bangui_fail2ban::cli::{ClientAction, ClientError, ClientOutcome};
use bangui_fail2ban::conf::{FilesError, Filter, Layers, Lines, Outcome, Regexes};
use bangui_fail2ban::db::BanRow;
use bangui_fail2ban::pickle::Value;
use bangui_fail2ban::{Command, Fail2banError};
use serde::{Deserialize, Serialize};

/// The version this build speaks. A change either side could not read
/// raises it.
pub const PROTOCOL_VERSION: u32 = 1;

/// The oldest agent version a hub of this build accepts.
pub const MIN_PROTOCOL_VERSION: u32 = 1;

/// The path of the hub's agent endpoint.
pub const AGENT_PATH: &str = "/agent/ws";

/// The WebSocket close code of a hub that refuses the agent's version.
pub const CLOSE_INCOMPATIBLE: u16 = 4406;

/// Whether a hub of this build accepts an agent speaking `version`; the
/// reason for the refusal when not.
pub fn accepts(version: u32) -> Result<(), String> {
    if (MIN_PROTOCOL_VERSION..=PROTOCOL_VERSION).contains(&version) {
        Ok(())
    } else {
        Err(format!(
            "agent protocol {version} is not supported: this hub speaks {MIN_PROTOCOL_VERSION} to {PROTOCOL_VERSION}; upgrade the {}",
            if version > PROTOCOL_VERSION {
                "hub"
            } else {
                "agent"
            }
        ))
    }
}

/// What an agent says to its hub.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum AgentMessage {
    Hello {
        protocol: u32,
        agent_version: String,
        fail2ban_version: Option<String>,
    },
    Reply {
        id: u64,
        result: Result<Answer, RemoteError>,
    },
    /// Queued bans, oldest first.
    Bans { bans: Vec<QueuedBan> },
    /// fail2ban's version after it changed (fail2ban restarted or upgraded).
    Status { fail2ban_version: Option<String> },
}

/// What a hub says to an agent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum HubMessage {
    /// The agent is accepted as `host`.
    Welcome { protocol: u32, host: String },
    /// The agent is not accepted; the connection closes after this.
    Refused { reason: String },
    Request {
        id: u64,
        request: Request,
        /// How long the hub waits for the answer.
        timeout_ms: u64,
    },
    /// Every queued ban up to this sequence number is archived.
    Ack { upto: i64 },
}

/// A request the agent runs. There is no way to send a command line: only
/// fail2ban's typed commands, typed reads of its database, the fixed runs
/// of fail2ban-client (test the configuration, reload, start or stop a jail)
/// and typed uses of its configuration directory.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Request {
    Fail2ban(Command),
    Db(DbRead),
    Client(ClientAction),
    Files(FilesRequest),
}

/// A use of the agent's fail2ban configuration directory: reads of
/// fail2ban's files, writes of BanGUI's own files only, filter tests on
/// given lines or on a jail's log files only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FilesRequest {
    Layers {
        name: String,
    },
    Filters,
    FilterExists {
        name: String,
    },
    ReadOwned {
        files: Vec<String>,
    },
    WriteOwned {
        files: Vec<(String, Option<String>)>,
    },
    TestRegex {
        regexes: Regexes,
        lines: Lines,
    },
}

/// A read of the agent's fail2ban database.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DbRead {
    Changed,
    CountCurrent {
        now: i64,
    },
    CurrentBans {
        jail: Option<String>,
        now: i64,
    },
    BannedAmong {
        jail: String,
        ips: Vec<String>,
        now: i64,
    },
}

/// The answer to a [`Request`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    Value(Value),
    Changed(bool),
    Counts(HashMap<String, u64>),
    Bans(Vec<BanRow>),
    Among(Vec<String>),
    Client(ClientOutcome),
    Layers(Layers),
    Filters(Vec<Filter>),
    Exists(bool),
    Texts(Vec<Option<String>>),
    Written,
    Regex(Outcome),
}

/// Why a request failed on the agent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum RemoteError {
    #[error(transparent)]
    Fail2ban(Fail2banError),
    #[error("{0}")]
    Db(String),
    #[error(transparent)]
    Client(ClientError),
    #[error(transparent)]
    Files(FilesError),
    /// The agent could not read the request (another protocol version).
    #[error("the agent does not know this request: {0}")]
    Unknown(String),
}

/// A ban from the agent's queue: its place in the queue and fail2ban's row.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueuedBan {
    pub seq: i64,
    pub jail: String,
    pub ip: String,
    pub time_of_ban: i64,
    pub ban_time: i64,
    pub ban_count: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_read_back_as_written() {
        let request = HubMessage::Request {
            id: 7,
            request: Request::Fail2ban(Command::Ban(
                "sshd".into(),
                vec!["192.0.2.1/32".parse().unwrap()],
            )),
            timeout_ms: 5_000,
        };
        let text = serde_json::to_string(&request).unwrap();
        assert_eq!(
            text,
            r#"{"type":"request","id":7,"request":{"Fail2ban":{"Ban":["sshd",["192.0.2.1/32"]]}},"timeout_ms":5000}"#
        );
        assert_eq!(
            serde_json::from_str::<HubMessage>(&text).ok(),
            Some(request)
        );
        let write = HubMessage::Request {
            id: 8,
            request: Request::Files(FilesRequest::WriteOwned {
                files: vec![("jail.d/bangui.local".into(), None)],
            }),
            timeout_ms: 5_000,
        };
        let text = serde_json::to_string(&write).unwrap();
        assert_eq!(
            text,
            r#"{"type":"request","id":8,"request":{"Files":{"WriteOwned":{"files":[["jail.d/bangui.local",null]]}}},"timeout_ms":5000}"#
        );
        assert_eq!(serde_json::from_str::<HubMessage>(&text).ok(), Some(write));
        let reply = AgentMessage::Reply {
            id: 7,
            result: Err(RemoteError::Fail2ban(Fail2banError::UnknownJail(
                "sshd".into(),
            ))),
        };
        let text = serde_json::to_string(&reply).unwrap();
        assert_eq!(
            serde_json::from_str::<AgentMessage>(&text).ok(),
            Some(reply)
        );
    }

    #[test]
    fn only_known_versions_are_accepted() {
        assert_eq!(accepts(PROTOCOL_VERSION), Ok(()));
        assert_eq!(
            accepts(PROTOCOL_VERSION + 1),
            Err(format!(
                "agent protocol {} is not supported: this hub speaks 1 to 1; upgrade the hub",
                PROTOCOL_VERSION + 1
            ))
        );
        assert_eq!(
            accepts(0),
            Err(
                "agent protocol 0 is not supported: this hub speaks 1 to 1; upgrade the agent"
                    .into()
            )
        );
    }
}
