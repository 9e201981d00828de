//! Starting, stopping and reloading jails, and running fail2ban-client.
//! Settings and ignore lists change only through the configuration files
//! BanGUI owns (`crate::fail2ban_config`).

pub(crate) use bangui_fail2ban::cli::ClientOutcome;
use bangui_fail2ban::cli::{ClientAction, ClientError};
use tracing::{info, instrument};

use super::fail2ban::{Fail2banService, jail_error, not_found};
use crate::error::{ServiceError, ServiceResult};
use crate::validate;

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
        self.run_client(ClientAction::ReloadIfExists(jail.to_owned()))
            .await?;
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
                self.run_client(ClientAction::ReloadJail(jail.to_owned()))
                    .await?;
            }
            None => self.run_client(ClientAction::Reload).await?,
        }
        info!("fail2ban reloaded");
        Ok(())
    }

    /// Runs `fail2ban-client` on the host; a refusal is `BAD_USER_INPUT`
    /// with fail2ban's reason.
    async fn run_client(&self, action: ClientAction) -> ServiceResult<()> {
        match self.fail2ban_client(action).await? {
            ClientOutcome::Done => Ok(()),
            ClientOutcome::Refused(reason) => Err(ServiceError::BadInput(format!(
                "fail2ban refused: {reason}"
            ))),
        }
    }

    /// Runs `fail2ban-client` for the host's fail2ban: with its socket and
    /// configuration directory, here or on its agent's machine.
    pub(crate) async fn fail2ban_client(
        &self,
        action: ClientAction,
    ) -> ServiceResult<ClientOutcome> {
        let outcome = self.cli.run(&action).await;
        self.client.forget_cached();
        outcome.map_err(|e| match e {
            ClientError::Unreachable { socket } => ServiceError::Fail2banUnreachable {
                reason: format!("fail2ban-client could not reach the server at {socket}"),
            },
            ClientError::Timeout { after } => ServiceError::Fail2banTimeout { after },
            ClientError::HostUnavailable { host } => ServiceError::HostUnavailable { host },
            ClientError::Unreadable(_) => {
                ServiceError::invariant("fail2ban-client could not read fail2ban's configuration")
            }
            other => ServiceError::internal("running fail2ban-client", other),
        })
    }
}
