//! The `Jail` type: each field asks fail2ban only when it is requested.

use std::sync::Arc;

use async_graphql::{Context, InputObject, Object, SimpleObject};
use bangui_core::fail2ban_config::{ConfigService, JailConfig};
use bangui_core::jails::{JailService, JailSetting, JailState, JailStatus};
use tokio::sync::OnceCell;

use crate::graphql::configuration::types::IgnoreEntry;
use crate::graphql::context::app;
use crate::graphql::error::GqlResult;

/// A fail2ban jail. A stopped jail shows zero counters and empty lists.
pub struct Jail {
    pub name: String,
    pub running: bool,
    /// The jails of its host, when that is not the local one.
    remote: Option<JailService>,
    /// Its configuration, read once for all the fields that show it.
    config: Arc<OnceCell<JailConfig>>,
}

/// Where one of a jail's settings comes from.
#[derive(SimpleObject, Clone)]
pub struct JailSettingSource {
    /// The setting as fail2ban's files name it: enabled, filter, logpath,
    /// port, bantime, findtime, maxretry or ignoreip.
    pub setting: String,
    /// Its value as the file writes it.
    pub value: String,
    /// The file, relative to fail2ban's configuration directory.
    pub file: String,
    /// The file's section: the jail's own, or DEFAULT.
    pub section: String,
    /// Whether the file is one BanGUI owns (and changes).
    pub managed_by_bangui: bool,
}

impl Jail {
    /// A jail of the local host.
    pub fn new(name: String, running: bool) -> Jail {
        Jail {
            name,
            running,
            remote: None,
            config: Arc::default(),
        }
    }

    /// A jail of the host `jails` serves; the local host's when it is the local one.
    pub fn on(jails: &JailService, name: String, running: bool) -> Jail {
        Jail {
            remote: (!jails.host().is_local()).then(|| jails.clone()),
            ..Jail::new(name, running)
        }
    }

    /// A jail as a configuration change left it, on the change's host.
    pub fn changed(configuration: &ConfigService, state: JailState) -> Jail {
        let jails = JailService::new(configuration.fail2ban().clone());
        Jail::on(&jails, state.name, state.running)
    }

    fn jails<'a>(&'a self, ctx: &Context<'a>) -> async_graphql::Result<&'a JailService> {
        match &self.remote {
            Some(jails) => Ok(jails),
            None => Ok(&app(ctx)?.jails),
        }
    }

    /// Its configuration as BanGUI reads it from its host's files; `None`
    /// for a jail of an agent host that is not connected.
    async fn config(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<&JailConfig>> {
        let state = app(ctx)?;
        let configuration = match &self.remote {
            Some(jails) => state.configuration.on(jails.fail2ban().clone()),
            None => state.configuration.clone(),
        };
        match self
            .config
            .get_or_try_init(|| async { configuration.jail(&self.name).await })
            .await
        {
            Ok(config) => Ok(Some(config)),
            Err(bangui_core::ServiceError::HostUnavailable { .. }) => Ok(None),
            Err(e) => Err(e).gql(),
        }
    }

    async fn status(&self, ctx: &Context<'_>) -> async_graphql::Result<JailStatus> {
        if !self.running {
            return Ok(JailStatus::default());
        }
        self.jails(ctx)?.status(&self.name).await.gql()
    }

    async fn setting(&self, ctx: &Context<'_>, setting: JailSetting) -> async_graphql::Result<i64> {
        if !self.running {
            return Ok(0);
        }
        self.jails(ctx)?.setting(&self.name, setting).await.gql()
    }
}

/// A fail2ban jail. A stopped jail shows zero counters and empty lists.
#[Object]
impl Jail {
    /// The jail's name.
    async fn name(&self) -> &str {
        &self.name
    }

    /// Whether fail2ban runs the jail now.
    async fn running(&self) -> bool {
        self.running
    }

    /// The fail2ban host that runs it.
    async fn host(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(self.jails(ctx)?.host().name.clone())
    }

    /// Whether its configuration enables it (a jail fail2ban runs without
    /// a file enabling it, or knows only from the archive, shows its state;
    /// so does a jail of an agent host that is not connected).
    async fn enabled(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        Ok(match self.config(ctx).await? {
            Some(config) if config.configured.defined => config.configured.enabled,
            _ => self.running,
        })
    }

    /// Its filter, with fail2ban's references resolved (e.g. `sshd[mode=normal]`);
    /// empty for a jail of an agent host that is not connected.
    async fn filter(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(self
            .config(ctx)
            .await?
            .map(|c| c.configured.filter.clone())
            .unwrap_or_default())
    }

    /// Whether BanGUI created it (and may delete it).
    async fn managed(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        Ok(self.config(ctx).await?.is_some_and(|c| c.managed))
    }

    /// Where each of its settings comes from: the file and section that set it last.
    async fn setting_sources(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<JailSettingSource>> {
        let Some(config) = self.config(ctx).await? else {
            return Ok(Vec::new());
        };
        Ok(config
            .configured
            .sources
            .iter()
            .map(|s| JailSettingSource {
                setting: s.setting.to_owned(),
                value: s.value.clone(),
                file: s.file.clone(),
                section: s.section.clone(),
                managed_by_bangui: s.owned,
            })
            .collect())
    }

    /// What it never bans, with the comment and expiry of the entries added
    /// in BanGUI (its own and the allowlist's).
    async fn ignore_list(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<IgnoreEntry>> {
        let state = app(ctx)?;
        let running = if self.running {
            Some(self.jails(ctx)?.ignore_ips(&self.name).await.gql()?)
        } else {
            None
        };
        let configuration = match &self.remote {
            Some(jails) => state.configuration.on(jails.fail2ban().clone()),
            None => state.configuration.clone(),
        };
        let entries = configuration
            .ignore_list(&self.name, running.as_deref())
            .await
            .gql()?;
        Ok(entries.into_iter().map(Into::into).collect())
    }

    /// Addresses with failures that are not banned yet.
    async fn currently_failed(&self, ctx: &Context<'_>) -> async_graphql::Result<i64> {
        Ok(self.status(ctx).await?.currently_failed)
    }

    /// Failures seen since the jail started.
    async fn total_failed(&self, ctx: &Context<'_>) -> async_graphql::Result<i64> {
        Ok(self.status(ctx).await?.total_failed)
    }

    /// Addresses banned now.
    async fn currently_banned(&self, ctx: &Context<'_>) -> async_graphql::Result<i64> {
        Ok(self.status(ctx).await?.currently_banned)
    }

    /// Bans since the jail started.
    async fn total_banned(&self, ctx: &Context<'_>) -> async_graphql::Result<i64> {
        Ok(self.status(ctx).await?.total_banned)
    }

    /// The addresses banned now.
    async fn banned_ips(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<String>> {
        Ok(self.status(ctx).await?.banned_ips)
    }

    /// Ban length in seconds; -1 is permanent.
    async fn ban_time(&self, ctx: &Context<'_>) -> async_graphql::Result<i64> {
        self.setting(ctx, JailSetting::BanTime).await
    }

    /// Window in seconds in which failures are counted.
    async fn find_time(&self, ctx: &Context<'_>) -> async_graphql::Result<i64> {
        self.setting(ctx, JailSetting::FindTime).await
    }

    /// Failures within findTime that lead to a ban.
    async fn max_retry(&self, ctx: &Context<'_>) -> async_graphql::Result<i64> {
        self.setting(ctx, JailSetting::MaxRetry).await
    }

    /// Addresses and networks never banned.
    async fn ignore_ips(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<String>> {
        if !self.running {
            return Ok(Vec::new());
        }
        self.jails(ctx)?.ignore_ips(&self.name).await.gql()
    }

    /// Log files the jail watches.
    async fn log_paths(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<String>> {
        if !self.running {
            return Ok(Vec::new());
        }
        self.jails(ctx)?.log_paths(&self.name).await.gql()
    }

    /// Names of the actions run on a ban.
    async fn actions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<String>> {
        if !self.running {
            return Ok(Vec::new());
        }
        self.jails(ctx)?.actions(&self.name).await.gql()
    }
}

/// New values for a jail's settings; omitted ones stay as they are.
#[derive(InputObject)]
pub struct JailSettingsInput {
    /// Ban length in seconds, or -1 for permanent.
    pub ban_time: Option<i64>,
    /// Window in seconds in which failures are counted.
    pub find_time: Option<i64>,
    /// Failures within findTime that lead to a ban (at least 1).
    pub max_retry: Option<i64>,
}
