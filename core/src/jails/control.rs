//! Changing fail2ban at runtime: jail settings, ignore lists, starting,
//! stopping and reloading jails.

use std::time::Duration;

use bangui_fail2ban::JailSetting;
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
    /// Changes the given settings of a running jail.
    #[instrument(skip_all, fields(jail = %jail))]
    pub async fn update_settings(&self, jail: &str, settings: &JailSettings) -> ServiceResult<()> {
        let ban_time = settings.ban_time.map(validate::ban_time).transpose()?;
        let find_time = settings.find_time.map(validate::find_time).transpose()?;
        let max_retry = settings.max_retry.map(validate::max_retry).transpose()?;
        self.require_jail(jail).await?;
        let changes = [
            (JailSetting::BanTime, ban_time),
            (JailSetting::FindTime, find_time),
            (JailSetting::MaxRetry, max_retry),
        ];
        for (setting, value) in changes {
            if let Some(value) = value {
                self.client
                    .set(jail, setting, value)
                    .await
                    .map_err(|e| jail_error(e, jail))?;
            }
        }
        info!("jail settings changed");
        Ok(())
    }

    /// Adds an address or network to the jail's ignore list.
    pub async fn add_ignore_ip(&self, jail: &str, entry: &str) -> ServiceResult<()> {
        let net = validate::network(entry)?;
        self.require_jail(jail).await?;
        self.client
            .add_ignore_ip(jail, &bangui_fail2ban::target(&net))
            .await
            .map_err(|e| jail_error(e, jail))?;
        Ok(())
    }

    /// Removes an entry from the jail's ignore list.
    pub async fn remove_ignore_ip(&self, jail: &str, entry: &str) -> ServiceResult<()> {
        let net = validate::network(entry)?;
        self.require_jail(jail).await?;
        let current = self.ignore_ips(jail).await?;
        let wanted = bangui_fail2ban::target(&net);
        let existing = current
            .iter()
            .find(|e| validate::network(e).is_ok_and(|n| n == net) || **e == wanted)
            .ok_or_else(|| {
                ServiceError::NotFound(format!("{entry} is not on the ignore list of jail {jail}"))
            })?;
        self.client
            .del_ignore_ip(jail, existing)
            .await
            .map_err(|e| jail_error(e, jail))?;
        Ok(())
    }

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

    /// Runs `fail2ban-client` with BanGUI's socket and fail2ban's configuration.
    async fn run_client(&self, args: &[&str]) -> ServiceResult<()> {
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
            return Ok(());
        }
        let reason = stderr
            .lines()
            .rev()
            .find(|l| l.contains("ERROR"))
            .unwrap_or("fail2ban-client failed")
            .trim()
            .to_owned();
        Err(ServiceError::BadInput(format!(
            "fail2ban refused: {reason}"
        )))
    }
}
