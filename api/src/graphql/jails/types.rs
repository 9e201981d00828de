//! The `Jail` type: each field asks fail2ban only when it is requested.

use async_graphql::{Context, InputObject, Object};
use bangui_core::jails::{JailSetting, JailStatus};

use crate::graphql::context::app;
use crate::graphql::error::GqlResult;

/// A fail2ban jail. A stopped jail shows zero counters and empty lists.
pub struct Jail {
    pub name: String,
    pub running: bool,
}

impl Jail {
    async fn status(&self, ctx: &Context<'_>) -> async_graphql::Result<JailStatus> {
        if !self.running {
            return Ok(JailStatus::default());
        }
        app(ctx)?.jails.status(&self.name).await.gql()
    }

    async fn setting(&self, ctx: &Context<'_>, setting: JailSetting) -> async_graphql::Result<i64> {
        if !self.running {
            return Ok(0);
        }
        app(ctx)?.jails.setting(&self.name, setting).await.gql()
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
        app(ctx)?.jails.ignore_ips(&self.name).await.gql()
    }

    /// Log files the jail watches.
    async fn log_paths(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<String>> {
        if !self.running {
            return Ok(Vec::new());
        }
        app(ctx)?.jails.log_paths(&self.name).await.gql()
    }

    /// Names of the actions run on a ban.
    async fn actions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<String>> {
        if !self.running {
            return Ok(Vec::new());
        }
        app(ctx)?.jails.actions(&self.name).await.gql()
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
