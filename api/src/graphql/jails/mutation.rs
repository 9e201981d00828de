//! Jail settings, ignore lists, start, stop and reload: ADMIN; each is
//! audited by the jail service.

use async_graphql::{Context, Object};
use bangui_core::Role;
use bangui_core::jails::{JailSettings, JailState};

use super::types::{Jail, JailSettingsInput};
use crate::graphql::context::{RoleGuard, acting, app};
use crate::graphql::error::GqlResult;

#[derive(Default)]
pub struct JailsMutation;

impl From<JailState> for Jail {
    fn from(state: JailState) -> Self {
        Jail {
            name: state.name,
            running: state.running,
        }
    }
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
        let state = app(ctx)?
            .jails
            .update(acting(ctx)?, &name, &settings)
            .await
            .gql()?;
        Ok(state.into())
    }

    /// Adds an address or CIDR network to a jail's ignore list. Needs ADMIN.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn add_ignore_ip(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The jail.")] jail: String,
        #[graphql(desc = "An address or CIDR network the jail must never ban.")] ip: String,
    ) -> async_graphql::Result<Jail> {
        let state = app(ctx)?
            .jails
            .add_ignore_ip(acting(ctx)?, &jail, &ip)
            .await
            .gql()?;
        Ok(state.into())
    }

    /// Removes an entry from a jail's ignore list. Needs ADMIN.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn remove_ignore_ip(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The jail.")] jail: String,
        #[graphql(desc = "An entry of its ignore list.")] ip: String,
    ) -> async_graphql::Result<Jail> {
        let state = app(ctx)?
            .jails
            .remove_ignore_ip(acting(ctx)?, &jail, &ip)
            .await
            .gql()?;
        Ok(state.into())
    }

    /// Starts a configured jail. Needs ADMIN.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn start_jail(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The jail.")] name: String,
    ) -> async_graphql::Result<Jail> {
        let state = app(ctx)?.jails.start(acting(ctx)?, &name).await.gql()?;
        Ok(state.into())
    }

    /// Stops a running jail (its bans are lifted). Needs ADMIN.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn stop_jail(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The jail.")] name: String,
    ) -> async_graphql::Result<bool> {
        app(ctx)?.jails.stop(acting(ctx)?, &name).await.gql()?;
        Ok(true)
    }

    /// Reloads fail2ban's configuration, of one jail or of all. Needs ADMIN.
    #[graphql(name = "reloadFail2ban", guard = "RoleGuard(Role::Admin)")]
    async fn reload_fail2ban(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "One jail; every jail when null.")] jail: Option<String>,
    ) -> async_graphql::Result<bool> {
        app(ctx)?
            .jails
            .reload(acting(ctx)?, jail.as_deref())
            .await
            .gql()?;
        Ok(true)
    }
}
