//! Starting, stopping and reloading jails, and running fail2ban-client.
//! Settings and ignore lists change only through the configuration files
//! BanGUI owns (`crate::fail2ban_config`).

use std::time::Duration;

use tracing::{info, instrument, warn};

use super::fail2ban::{Fail2banService, jail_error, not_found};
use crate::error::{ServiceError, ServiceResult};
use crate::validate;

/// What fail2ban-client prints when it cannot reach the server.
const UNREACHABLE: [&str; 3] = [
    "Failed to access socket",
    "Is fail2ban running",
    "Could not find server",
];

/// What fail2ban-client prints when it cannot read a configuration file.
const UNREADABLE: &str = "Could not read config files";

/// How long `fail2ban-client` may take to reload or start a jail.
const CLIENT_TIMEOUT: Duration = Duration::from_secs(60);

/// New values for a jail's settings; `None` leaves one unchanged.
#[derive(Clone, Debug, Default)]
pub struct JailSettings {
    pub ban_time: Option<i64>,
    pub find_time: Option<i64>,
    pub max_retry: Option<i64>,
}

impl Fail2banService {
    /// Stops a jail.
    #[instrument(skip_all, fields(jail = %jail))]
    pub async fn stop_jail(&self, jail: &str) -> ServiceResult<()> {
        self.require_jail(jail).await?;
        self.client
            .stop_jail(jail)
            .await
            .map_err(|e| jail_error(e, jail))?;
        info!("jail stopped");
        Ok(())
    }

    /// Starts a configured jail (fail2ban-client reads its configuration).
    #[instrument(skip_all, fields(jail = %jail))]
    pub async fn start_jail(&self, jail: &str) -> ServiceResult<()> {
        validate::jail_name(jail)?;
        if self.jail_names().await?.iter().any(|j| j == jail) {
            return Ok(());
        }
        // `reload --if-exists` reads the jail's configuration and starts it;
        // a plain `start` or `reload` refuses a jail fail2ban has forgotten.
        self.run_client(&["reload", "--if-exists", jail]).await?;
        if !self.jail_names().await?.iter().any(|j| j == jail) {
            return Err(not_found(jail));
        }
        info!("jail started");
        Ok(())
    }

    /// Reloads fail2ban's configuration, for one jail or all.
    #[instrument(skip_all, fields(jail = ?jail))]
    pub async fn reload(&self, jail: Option<&str>) -> ServiceResult<()> {
        match jail {
            Some(jail) => {
                self.require_jail(jail).await?;
                self.run_client(&["reload", jail]).await?;
            }
            None => self.run_client(&["reload"]).await?,
        }
        info!("fail2ban reloaded");
        Ok(())
    }

    /// Runs `fail2ban-client` with BanGUI's socket and fail2ban's configuration;
    /// a refusal is `BAD_USER_INPUT` with fail2ban's reason.
    async fn run_client(&self, args: &[&str]) -> ServiceResult<()> {
        match self.fail2ban_client(args).await? {
            ClientOutcome::Done => Ok(()),
            ClientOutcome::Refused(reason) => Err(ServiceError::BadInput(format!(
                "fail2ban refused: {reason}"
            ))),
        }
    }

    /// Runs `fail2ban-client` with BanGUI's socket and fail2ban's configuration
    /// directory, its arguments given one by one (never through a shell).
    pub(crate) async fn fail2ban_client(&self, args: &[&str]) -> ServiceResult<ClientOutcome> {
        let mut command = tokio::process::Command::new("fail2ban-client");
        command
            .arg("-c")
            .arg(&self.config_dir)
            .arg("-s")
            .arg(&self.socket)
            .args(args)
            .kill_on_drop(true);
        let output = tokio::time::timeout(CLIENT_TIMEOUT, command.output()).await;
        self.client.forget_cached();
        let output = output
            .map_err(|_| ServiceError::Fail2banTimeout {
                after: CLIENT_TIMEOUT,
            })?
            .map_err(|e| ServiceError::internal("running fail2ban-client", e))?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        if UNREACHABLE.iter().any(|m| stderr.contains(m)) {
            return Err(ServiceError::Fail2banUnreachable {
                reason: format!(
                    "fail2ban-client could not reach the server at {}",
                    self.socket.display()
                ),
            });
        }
        // fail2ban-client skips a configuration file it cannot read, reloads
        // without it (dropping the jails it held) and still reports success.
        if let Some(line) = stderr.lines().find(|l| l.contains(UNREADABLE)) {
            warn!(output = %line.trim(), "fail2ban-client could not read fail2ban's configuration");
            return Err(ServiceError::invariant(
                "fail2ban-client could not read fail2ban's configuration",
            ));
        }
        if output.status.success() {
            return Ok(ClientOutcome::Done);
        }
        Ok(ClientOutcome::Refused(refusal(&stderr)))
    }
}

/// How a run of `fail2ban-client` ended, when it reached fail2ban.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ClientOutcome {
    Done,
    /// fail2ban's reason, from its `ERROR` lines.
    Refused(String),
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
    use super::refusal;

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
}
