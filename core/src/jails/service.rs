//! Jails as people see and change them: every change audited, with the old
//! and new values of what it changed.

use bangui_fail2ban::db::BanRow;
use bangui_fail2ban::{JailSetting, JailStatus};

use super::fail2ban::Fail2banService;
use crate::actor::Actor;
use crate::audit::Auditor;
use crate::error::ServiceResult;

/// A jail after a change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JailState {
    pub name: String,
    pub running: bool,
}

/// Reading and changing jails.
#[derive(Clone)]
pub struct JailService {
    fail2ban: Fail2banService,
    audit: Auditor,
}

impl JailService {
    pub fn new(fail2ban: Fail2banService) -> Self {
        JailService {
            audit: Auditor::new(fail2ban.db.clone()),
            fail2ban,
        }
    }

    /// The host whose jails these are.
    pub fn host(&self) -> &super::fail2ban::HostRef {
        self.fail2ban.host()
    }

    /// The host's fail2ban.
    pub fn fail2ban(&self) -> &Fail2banService {
        &self.fail2ban
    }

    /// An audit target, with the host when it is not the local one.
    fn target(&self, what: &str) -> String {
        self.fail2ban.host().target(what)
    }

    /// Every jail BanGUI has seen, with whether it runs now.
    pub async fn jails(&self) -> ServiceResult<Vec<(String, bool)>> {
        self.fail2ban.jails().await
    }

    pub async fn status(&self, jail: &str) -> ServiceResult<JailStatus> {
        self.fail2ban.status(jail).await
    }

    pub async fn setting(&self, jail: &str, setting: JailSetting) -> ServiceResult<i64> {
        self.fail2ban.setting(jail, setting).await
    }

    pub async fn ignore_ips(&self, jail: &str) -> ServiceResult<Vec<String>> {
        self.fail2ban.ignore_ips(jail).await
    }

    pub async fn log_paths(&self, jail: &str) -> ServiceResult<Vec<String>> {
        self.fail2ban.log_paths(jail).await
    }

    pub async fn actions(&self, jail: &str) -> ServiceResult<Vec<String>> {
        self.fail2ban.actions(jail).await
    }

    /// Bans in force now according to fail2ban's own database.
    pub async fn live_bans(&self, jail: Option<&str>) -> ServiceResult<Vec<BanRow>> {
        self.fail2ban.live_bans(jail).await
    }

    async fn state(&self, name: &str) -> ServiceResult<JailState> {
        self.fail2ban.jail_state(name).await
    }

    /// Starts a configured jail.
    pub async fn start(&self, actor: &Actor, name: &str) -> ServiceResult<JailState> {
        let result = async {
            self.fail2ban.start_jail(name).await?;
            self.state(name).await
        }
        .await;
        self.audit
            .record(actor, "startJail", Some(self.target(name)), &result, None)
            .await;
        result
    }

    /// Stops a running jail (its bans are lifted).
    pub async fn stop(&self, actor: &Actor, name: &str) -> ServiceResult<()> {
        let result = self.fail2ban.stop_jail(name).await;
        self.audit
            .record(actor, "stopJail", Some(self.target(name)), &result, None)
            .await;
        result
    }

    /// Reloads fail2ban's configuration, of one jail or of all.
    pub async fn reload(&self, actor: &Actor, jail: Option<&str>) -> ServiceResult<()> {
        let result = self.fail2ban.reload(jail).await;
        self.audit
            .record(
                actor,
                "reloadFail2ban",
                jail.map(|j| self.target(j)),
                &result,
                None,
            )
            .await;
        result
    }
}
