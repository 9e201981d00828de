//! Running `fail2ban-client` for what only it does: testing the configuration
//! and reloading (it reads fail2ban's configuration files, the server does
//! not). Only the fixed [`ClientAction`]s can be run; each argument is given
//! on its own, never through a shell.

use std::path::{Path, PathBuf};
use std::time::Duration;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use tracing::warn;

/// What fail2ban-client prints when it cannot reach the server.
const UNREACHABLE: [&str; 3] = [
    "Failed to access socket",
    "Is fail2ban running",
    "Could not find server",
];

/// What fail2ban-client prints when it cannot read a configuration file.
const UNREADABLE: &str = "Could not read config files";

/// How long `fail2ban-client` may take to reload or start a jail.
pub const CLIENT_TIMEOUT: Duration = Duration::from_secs(60);

/// A run of `fail2ban-client`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClientAction {
    /// `--test`: reads the whole configuration, changes nothing.
    Test,
    /// `reload`: every jail.
    Reload,
    /// `reload <jail>`
    ReloadJail(String),
    /// `reload --if-exists <jail>`: starts a jail fail2ban has forgotten.
    ReloadIfExists(String),
    /// `stop <jail>`
    Stop(String),
}

impl ClientAction {
    pub fn args(&self) -> Vec<String> {
        let w = |items: &[&str]| items.iter().map(|s| (*s).to_owned()).collect();
        match self {
            ClientAction::Test => w(&["--test"]),
            ClientAction::Reload => w(&["reload"]),
            ClientAction::ReloadJail(jail) => w(&["reload", jail]),
            ClientAction::ReloadIfExists(jail) => w(&["reload", "--if-exists", jail]),
            ClientAction::Stop(jail) => w(&["stop", jail]),
        }
    }
}

/// How a run ended, when it reached fail2ban.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClientOutcome {
    Done,
    /// fail2ban's reason, from its `ERROR` lines.
    Refused(String),
}

/// Why a run did not reach an outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ClientError {
    #[error("fail2ban-client could not reach the server at {socket}")]
    Unreachable { socket: String },
    #[error("fail2ban-client did not finish within {}s", .after.as_secs())]
    Timeout { after: Duration },
    /// fail2ban-client skips a configuration file it cannot read, reloads
    /// without it (dropping the jails it held) and still reports success.
    #[error("fail2ban-client could not read fail2ban's configuration: {0}")]
    Unreadable(String),
    #[error("fail2ban-client could not be run: {0}")]
    Spawn(String),
    /// The fail2ban is on another host whose agent is not connected.
    #[error("host {host:?} is not connected")]
    HostUnavailable { host: String },
    /// The host's agent answered something else or could not be asked.
    #[error("{0}")]
    Remote(String),
}

/// Runs fail2ban-client for one fail2ban, wherever it is.
#[async_trait]
pub trait Fail2banCli: Send + Sync {
    async fn run(&self, action: &ClientAction) -> Result<ClientOutcome, ClientError>;
}

/// fail2ban-client on this machine, with a socket and configuration directory.
#[derive(Clone, Debug)]
pub struct LocalCli {
    pub config_dir: PathBuf,
    pub socket: PathBuf,
}

impl LocalCli {
    pub fn new(config_dir: &Path, socket: &Path) -> LocalCli {
        LocalCli {
            config_dir: config_dir.to_owned(),
            socket: socket.to_owned(),
        }
    }
}

#[async_trait]
impl Fail2banCli for LocalCli {
    async fn run(&self, action: &ClientAction) -> Result<ClientOutcome, ClientError> {
        let mut command = tokio::process::Command::new("fail2ban-client");
        command
            .arg("-c")
            .arg(&self.config_dir)
            .arg("-s")
            .arg(&self.socket)
            .args(action.args())
            .kill_on_drop(true);
        let output = tokio::time::timeout(CLIENT_TIMEOUT, command.output())
            .await
            .map_err(|_| ClientError::Timeout {
                after: CLIENT_TIMEOUT,
            })?
            .map_err(|e| ClientError::Spawn(e.to_string()))?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        if UNREACHABLE.iter().any(|m| stderr.contains(m)) {
            return Err(ClientError::Unreachable {
                socket: self.socket.display().to_string(),
            });
        }
        if let Some(line) = stderr.lines().find(|l| l.contains(UNREADABLE)) {
            warn!(output = %line.trim(), "fail2ban-client could not read fail2ban's configuration");
            return Err(ClientError::Unreadable(line.trim().to_owned()));
        }
        if output.status.success() {
            return Ok(ClientOutcome::Done);
        }
        Ok(ClientOutcome::Refused(refusal(&stderr)))
    }
}

/// fail2ban's reason from the `ERROR` lines it logged, without their time
/// stamps and without the closing "test configuration failed".
fn refusal(stderr: &str) -> String {
    let reasons: Vec<&str> = stderr
        .lines()
        .filter_map(|line| line.split_once("ERROR").map(|(_, rest)| rest.trim()))
        .map(|rest| rest.trim_start_matches("ERROR:").trim())
        .map(|rest| {
            rest.strip_prefix("Failed during configuration:")
                .unwrap_or(rest)
                .trim()
        })
        .filter(|rest| !rest.is_empty() && *rest != "test configuration failed")
        .collect();
    if reasons.is_empty() {
        "fail2ban-client failed".to_owned()
    } else {
        reasons.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reason_is_fail2bans_own_error_lines() {
        let stderr = "2026-12-02 13:33:45,382 fail2ban.configreader   [6852]: WARNING 'allowipv6' not defined\n\
            2026-12-02 13:33:45,390 fail2ban.configreader   [6852]: ERROR   Found no accessible config files for 'filter.d/nosuch' under etc\n\
            2026-12-02 13:33:45,390 fail2ban.jailreader     [6852]: ERROR   Unable to read the filter 'nosuch'\n\
            2026-12-02 13:33:45,464 fail2ban                [6854]: ERROR   Failed during configuration: Have not found any log file for x jail\n\
            2026-12-02 13:33:45,391 fail2ban                [6852]: ERROR   ERROR: test configuration failed\n";
        assert_eq!(
            refusal(stderr),
            "Found no accessible config files for 'filter.d/nosuch' under etc; \
             Unable to read the filter 'nosuch'; Have not found any log file for x jail"
        );
        assert_eq!(refusal("nothing useful"), "fail2ban-client failed");
    }

    #[test]
    fn each_action_is_its_fixed_words() {
        assert_eq!(ClientAction::Test.args(), ["--test"]);
        assert_eq!(
            ClientAction::ReloadIfExists("sshd".into()).args(),
            ["reload", "--if-exists", "sshd"]
        );
        assert_eq!(ClientAction::Stop("x y".into()).args(), ["stop", "x y"]);
    }
}
