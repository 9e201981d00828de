//! Reading fail2ban: its jails, their status and settings, the bans in force.

use bangui_fail2ban::db::BanRow;
use bangui_fail2ban::{JailSetting, JailStatus};

use super::fail2ban::{Fail2banService, jail_error, not_found};
use super::service::JailState;
use crate::error::ServiceResult;
use crate::{settings, validate};

/// Setting that remembers every jail seen on the local host.
const KNOWN_JAILS: &str = "known_jails";

impl Fail2banService {
    /// The setting that remembers every jail seen on this host.
    fn known_jails(&self) -> String {
        if self.host.id == entity::host::LOCAL_HOST_ID {
            KNOWN_JAILS.to_owned()
        } else {
            format!("{KNOWN_JAILS}.{}", self.host.id)
        }
    }

    /// Names of the running jails.
    pub async fn jail_names(&self) -> ServiceResult<Vec<String>> {
        Ok(self.client.status().await?.jails)
    }

    /// Every jail BanGUI has seen, with whether it runs now, sorted by name.
    /// fail2ban forgets a stopped jail; BanGUI remembers it so it can be started.
    pub async fn jails(&self) -> ServiceResult<Vec<(String, bool)>> {
        let running = self.jail_names().await?;
        let mut known: Vec<String> = settings::get(&self.db, &self.known_jails())
            .await?
            .unwrap_or_default();
        let before = known.len();
        for name in &running {
            if !known.contains(name) {
                known.push(name.clone());
            }
        }
        known.sort();
        if known.len() != before {
            settings::put(&self.db, &self.known_jails(), &known).await?;
        }
        Ok(known
            .into_iter()
            .map(|name| {
                let up = running.contains(&name);
                (name, up)
            })
            .collect())
    }

    /// A jail's name with whether fail2ban runs it now.
    pub async fn jail_state(&self, name: &str) -> ServiceResult<JailState> {
        let running = self.jail_names().await?.iter().any(|j| j == name);
        Ok(JailState {
            name: name.to_owned(),
            running,
        })
    }

    /// Forgets a jail BanGUI has seen, once its configuration is gone.
    pub async fn forget_jail(&self, name: &str) -> ServiceResult<()> {
        let mut known: Vec<String> = settings::get(&self.db, &self.known_jails())
            .await?
            .unwrap_or_default();
        let before = known.len();
        known.retain(|j| j != name);
        if known.len() != before {
            settings::put(&self.db, &self.known_jails(), &known).await?;
        }
        Ok(())
    }

    /// Checks the name and that fail2ban runs such a jail.
    pub async fn require_jail(&self, name: &str) -> ServiceResult<()> {
        validate::jail_name(name)?;
        if self.jail_names().await?.iter().any(|j| j == name) {
            Ok(())
        } else {
            Err(not_found(name))
        }
    }

    pub async fn status(&self, jail: &str) -> ServiceResult<JailStatus> {
        self.client
            .jail_status(jail)
            .await
            .map_err(|e| jail_error(e, jail))
    }

    pub async fn setting(&self, jail: &str, setting: JailSetting) -> ServiceResult<i64> {
        self.client
            .get(jail, setting)
            .await
            .map_err(|e| jail_error(e, jail))
    }

    pub async fn ignore_ips(&self, jail: &str) -> ServiceResult<Vec<String>> {
        self.client
            .ignore_ips(jail)
            .await
            .map_err(|e| jail_error(e, jail))
    }

    pub async fn log_paths(&self, jail: &str) -> ServiceResult<Vec<String>> {
        self.client
            .log_paths(jail)
            .await
            .map_err(|e| jail_error(e, jail))
    }

    pub async fn actions(&self, jail: &str) -> ServiceResult<Vec<String>> {
        self.client
            .actions(jail)
            .await
            .map_err(|e| jail_error(e, jail))
    }

    /// Bans in force now according to fail2ban's own database.
    pub async fn live_bans(&self, jail: Option<&str>) -> ServiceResult<Vec<BanRow>> {
        Ok(self.reads.current_bans(jail, crate::time::now()).await?)
    }
}
