//! Jails as people see and change them: every change audited, with the old
//! and new values of what it changed.

use bangui_fail2ban::db::BanRow;
use bangui_fail2ban::{JailSetting, JailStatus};
use serde_json::{Value, json};

use super::control::JailSettings;
use super::fail2ban::Fail2banService;
use crate::actor::Actor;
use crate::audit::{Auditor, changes};
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
        let running = self.fail2ban.jail_names().await?.iter().any(|j| j == name);
        Ok(JailState {
            name: name.to_owned(),
            running,
        })
    }

    /// Changes the given settings of a running jail; the audit entry holds
    /// each changed setting's old and new value.
    pub async fn update(
        &self,
        actor: &Actor,
        name: &str,
        settings: &JailSettings,
    ) -> ServiceResult<JailState> {
        let wanted = [
            ("banTime", JailSetting::BanTime, settings.ban_time),
            ("findTime", JailSetting::FindTime, settings.find_time),
            ("maxRetry", JailSetting::MaxRetry, settings.max_retry),
        ];
        let mut details = None;
        let result = async {
            let mut before = Vec::new();
            for (field, setting, value) in wanted {
                if let Some(value) = value {
                    let old = self.fail2ban.setting(name, setting).await.ok();
                    before.push((field, json!(old), json!(value)));
                }
            }
            self.fail2ban.update_settings(name, settings).await?;
            details = changes(before);
            self.state(name).await
        }
        .await;
        self.audit
            .record(actor, "updateJail", Some(name.to_owned()), &result, details)
            .await;
        result
    }

    /// Adds an address or network to the jail's ignore list.
    pub async fn add_ignore_ip(
        &self,
        actor: &Actor,
        jail: &str,
        entry: &str,
    ) -> ServiceResult<JailState> {
        let result = async {
            self.fail2ban.add_ignore_ip(jail, entry).await?;
            self.state(jail).await
        }
        .await;
        let details = changes([("ignoreIp", Value::Null, json!(entry.trim()))]);
        self.audit
            .record(
                actor,
                "addIgnoreIp",
                Some(format!("{jail}/{entry}")),
                &result,
                details,
            )
            .await;
        result
    }

    /// Removes an entry from the jail's ignore list.
    pub async fn remove_ignore_ip(
        &self,
        actor: &Actor,
        jail: &str,
        entry: &str,
    ) -> ServiceResult<JailState> {
        let result = async {
            self.fail2ban.remove_ignore_ip(jail, entry).await?;
            self.state(jail).await
        }
        .await;
        let details = changes([("ignoreIp", json!(entry.trim()), Value::Null)]);
        self.audit
            .record(
                actor,
                "removeIgnoreIp",
                Some(format!("{jail}/{entry}")),
                &result,
                details,
            )
            .await;
        result
    }

    /// Starts a configured jail.
    pub async fn start(&self, actor: &Actor, name: &str) -> ServiceResult<JailState> {
        let result = async {
            self.fail2ban.start_jail(name).await?;
            self.state(name).await
        }
        .await;
        self.audit
            .record(actor, "startJail", Some(name.to_owned()), &result, None)
            .await;
        result
    }

    /// Stops a running jail (its bans are lifted).
    pub async fn stop(&self, actor: &Actor, name: &str) -> ServiceResult<()> {
        let result = self.fail2ban.stop_jail(name).await;
        self.audit
            .record(actor, "stopJail", Some(name.to_owned()), &result, None)
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
                jail.map(str::to_owned),
                &result,
                None,
            )
            .await;
        result
    }
}
