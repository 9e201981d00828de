//! Jail settings, ignore lists, start, stop and reload: ADMIN; each is audited.

use async_graphql::{Context, Object};
use bangui_core::Role;
use bangui_core::jails::JailSettings;

use super::types::{Jail, JailSettingsInput};
use crate::graphql::audit::audited;
use crate::graphql::context::{RoleGuard, app};
use crate::graphql::error::GqlResult;

#[derive(Default)]
pub struct JailsMutation;

/// The jail after a change, when the change succeeded.
async fn then_jail(
    ctx: &Context<'_>,
    name: &str,
    changed: async_graphql::Result<()>,
) -> async_graphql::Result<Jail> {
    changed?;
    let running = app(ctx)?
        .fail2ban
        .jail_names()
        .await
        .gql()?
        .iter()
        .any(|j| j == name);
    Ok(Jail {
        name: name.to_owned(),
        running,
    })
}

#[Object]
impl JailsMutation {
    /// Changes banTime, findTime and maxRetry of a running jail. Needs ADMIN.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn update_jail(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The jail.")] name: String,
        #[graphql(desc = "The settings to change; the others stay as they are.")]
        input: JailSettingsInput,
    ) -> async_graphql::Result<Jail> {
        let settings = JailSettings {
            ban_time: input.ban_time,
            find_time: input.find_time,
            max_retry: input.max_retry,
        };
        let changed = app(ctx)?
            .fail2ban
            .update_settings(&name, &settings)
            .await
            .gql();
        let result = then_jail(ctx, &name, changed).await;
        audited(ctx, "updateJail", Some(name), result).await
    }

    /// Adds an address or CIDR network to a jail's ignore list. Needs ADMIN.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn add_ignore_ip(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The jail.")] jail: String,
        #[graphql(desc = "An address or CIDR network the jail must never ban.")] ip: String,
    ) -> async_graphql::Result<Jail> {
        let changed = app(ctx)?.fail2ban.add_ignore_ip(&jail, &ip).await.gql();
        let result = then_jail(ctx, &jail, changed).await;
        audited(ctx, "addIgnoreIp", Some(format!("{jail}/{ip}")), result).await
    }

    /// Removes an entry from a jail's ignore list. Needs ADMIN.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn remove_ignore_ip(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The jail.")] jail: String,
        #[graphql(desc = "An entry of its ignore list.")] ip: String,
    ) -> async_graphql::Result<Jail> {
        let changed = app(ctx)?.fail2ban.remove_ignore_ip(&jail, &ip).await.gql();
        let result = then_jail(ctx, &jail, changed).await;
        audited(ctx, "removeIgnoreIp", Some(format!("{jail}/{ip}")), result).await
    }

    /// Starts a configured jail. Needs ADMIN.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn start_jail(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The jail.")] name: String,
    ) -> async_graphql::Result<Jail> {
        let changed = app(ctx)?.fail2ban.start_jail(&name).await.gql();
        let result = then_jail(ctx, &name, changed).await;
        audited(ctx, "startJail", Some(name), result).await
    }

    /// Stops a running jail (its bans are lifted). Needs ADMIN.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn stop_jail(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The jail.")] name: String,
    ) -> async_graphql::Result<bool> {
        let result = app(ctx)?
            .fail2ban
            .stop_jail(&name)
            .await
            .gql()
            .map(|()| true);
        audited(ctx, "stopJail", Some(name), result).await
    }

    /// Reloads fail2ban's configuration, of one jail or of all. Needs ADMIN.
    #[graphql(name = "reloadFail2ban", guard = "RoleGuard(Role::Admin)")]
    async fn reload_fail2ban(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "One jail; every jail when null.")] jail: Option<String>,
    ) -> async_graphql::Result<bool> {
        let result = app(ctx)?
            .fail2ban
            .reload(jail.as_deref())
            .await
            .gql()
            .map(|()| true);
        audited(ctx, "reloadFail2ban", jail, result).await
    }
}
