//! Jail settings, ignore lists, start, stop and reload: ADMIN; each is
//! audited by its service.

use async_graphql::{Context, Object};
use bangui_core::Role;
use bangui_core::fail2ban_config::NewIgnore;
use bangui_core::jails::JailSettings;
use chrono::{DateTime, Utc};

use super::types::{Jail, JailSettingsInput};
use crate::graphql::configuration::types::configuration_on;
use crate::graphql::context::{RoleGuard, acting};
use crate::graphql::error::GqlResult;
use crate::graphql::hosts::jails_on;

#[derive(Default)]
pub struct JailsMutation;

#[Object]
impl JailsMutation {
    /// Changes banTime, findTime and maxRetry of a jail, for good: kept in
    /// BanGUI's file, checked by fail2ban, then the jail is reloaded. Needs ADMIN.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn update_jail(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The jail.")] name: String,
        #[graphql(desc = "The settings to change; the others stay as they are.")]
        input: JailSettingsInput,
        #[graphql(desc = "The fail2ban host; this BanGUI's own when null.")] host: Option<String>,
    ) -> async_graphql::Result<Jail> {
        let configuration = configuration_on(ctx, host.as_deref()).await?;
        let settings = JailSettings {
            ban_time: input.ban_time,
            find_time: input.find_time,
            max_retry: input.max_retry,
        };
        let state = configuration
            .update_jail(acting(ctx)?, &name, &settings)
            .await
            .gql()?;
        Ok(Jail::changed(&configuration, state))
    }

    /// Adds an address or CIDR network to a jail's ignore list, for good. Needs ADMIN.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn add_ignore_ip(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The jail.")] jail: String,
        #[graphql(desc = "An address or CIDR network the jail must never ban.")] ip: String,
        #[graphql(desc = "Why, for the people who read the list.")] comment: Option<String>,
        #[graphql(desc = "When BanGUI removes it; never when null.")] expires_at: Option<
            DateTime<Utc>,
        >,
        #[graphql(desc = "The fail2ban host; this BanGUI's own when null.")] host: Option<String>,
    ) -> async_graphql::Result<Jail> {
        let configuration = configuration_on(ctx, host.as_deref()).await?;
        let entry = NewIgnore {
            network: ip,
            comment,
            expires_at: expires_at.map(|at| at.timestamp()),
        };
        let state = configuration
            .add_ignore(acting(ctx)?, &jail, entry)
            .await
            .gql()?;
        Ok(Jail::changed(&configuration, state))
    }

    /// Removes an entry BanGUI added from a jail's ignore list. Needs ADMIN.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn remove_ignore_ip(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The jail.")] jail: String,
        #[graphql(desc = "An entry of its ignore list.")] ip: String,
        #[graphql(desc = "The fail2ban host; this BanGUI's own when null.")] host: Option<String>,
    ) -> async_graphql::Result<Jail> {
        let configuration = configuration_on(ctx, host.as_deref()).await?;
        let state = configuration
            .remove_ignore(acting(ctx)?, &jail, &ip)
            .await
            .gql()?;
        Ok(Jail::changed(&configuration, state))
    }

    /// Starts a configured jail. Needs ADMIN.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn start_jail(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The jail.")] name: String,
        #[graphql(desc = "The fail2ban host; this BanGUI's own when null.")] host: Option<String>,
    ) -> async_graphql::Result<Jail> {
        let jails = jails_on(ctx, host.as_deref()).await?;
        let state = jails.start(acting(ctx)?, &name).await.gql()?;
        Ok(Jail::on(&jails, state.name, state.running))
    }

    /// Stops a running jail (its bans are lifted). Needs ADMIN.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn stop_jail(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The jail.")] name: String,
        #[graphql(desc = "The fail2ban host; this BanGUI's own when null.")] host: Option<String>,
    ) -> async_graphql::Result<bool> {
        let jails = jails_on(ctx, host.as_deref()).await?;
        jails.stop(acting(ctx)?, &name).await.gql()?;
        Ok(true)
    }

    /// Reloads fail2ban's configuration, of one jail or of all. Needs ADMIN.
    #[graphql(name = "reloadFail2ban", guard = "RoleGuard(Role::Admin)")]
    async fn reload_fail2ban(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "One jail; every jail when null.")] jail: Option<String>,
        #[graphql(desc = "The fail2ban host; this BanGUI's own when null.")] host: Option<String>,
    ) -> async_graphql::Result<bool> {
        let jails = jails_on(ctx, host.as_deref()).await?;
        jails.reload(acting(ctx)?, jail.as_deref()).await.gql()?;
        Ok(true)
    }
}
