//! The allowlist, jails BanGUI creates, enabling and disabling jails: ADMIN;
//! each is checked by fail2ban, kept in BanGUI's own files and audited.

use async_graphql::{Context, Object};
use bangui_core::Role;
use bangui_core::fail2ban_config::{NewIgnore, NewJail};
use bangui_core::jails::JailSettings;
use chrono::{DateTime, Utc};

use super::types::{IgnoreEntry, JailInput, configuration_on};
use crate::graphql::context::{RoleGuard, acting};
use crate::graphql::error::GqlResult;
use crate::graphql::jails::types::Jail;

#[derive(Default)]
pub struct ConfigurationMutation;

#[Object]
impl ConfigurationMutation {
    /// Adds an address or network every jail ignores. Needs ADMIN.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn add_allowlist_entry(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "An address or CIDR network no jail may ban.")] ip: String,
        #[graphql(desc = "Why, for the people who read the list.")] comment: Option<String>,
        #[graphql(desc = "When BanGUI removes it; never when null.")] expires_at: Option<
            DateTime<Utc>,
        >,
        #[graphql(desc = "The fail2ban host; this BanGUI's own when null.")] host: Option<String>,
    ) -> async_graphql::Result<IgnoreEntry> {
        let configuration = configuration_on(ctx, host.as_deref()).await?;
        let entry = NewIgnore {
            network: ip,
            comment,
            expires_at: expires_at.map(|at| at.timestamp()),
        };
        let added = configuration
            .add_allowlist(acting(ctx)?, entry)
            .await
            .gql()?;
        Ok(added.into())
    }

    /// Removes an allowlist entry. Needs ADMIN.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn remove_allowlist_entry(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The entry's address or network.")] ip: String,
        #[graphql(desc = "The fail2ban host; this BanGUI's own when null.")] host: Option<String>,
    ) -> async_graphql::Result<bool> {
        let configuration = configuration_on(ctx, host.as_deref()).await?;
        configuration
            .remove_allowlist(acting(ctx)?, &ip)
            .await
            .gql()?;
        Ok(true)
    }

    /// Creates a jail from an installed filter, in a file of its own. Needs ADMIN.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn create_jail(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The jail.")] input: JailInput,
        #[graphql(desc = "The fail2ban host; this BanGUI's own when null.")] host: Option<String>,
    ) -> async_graphql::Result<Jail> {
        let configuration = configuration_on(ctx, host.as_deref()).await?;
        let jail = NewJail {
            name: input.name,
            filter: input.filter,
            log_paths: input.log_paths,
            port: input.port,
            settings: JailSettings {
                ban_time: input.ban_time,
                find_time: input.find_time,
                max_retry: input.max_retry,
            },
            enabled: input.enabled.unwrap_or(true),
        };
        let state = configuration.create_jail(acting(ctx)?, jail).await.gql()?;
        Ok(Jail::changed(&configuration, state))
    }

    /// Enables or disables a jail for good (it survives reloads and restarts).
    /// Needs ADMIN.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn set_jail_enabled(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The jail.")] name: String,
        #[graphql(desc = "Whether it runs.")] enabled: bool,
        #[graphql(desc = "The fail2ban host; this BanGUI's own when null.")] host: Option<String>,
    ) -> async_graphql::Result<Jail> {
        let configuration = configuration_on(ctx, host.as_deref()).await?;
        let state = configuration
            .set_enabled(acting(ctx)?, &name, enabled)
            .await
            .gql()?;
        Ok(Jail::changed(&configuration, state))
    }

    /// Deletes a jail BanGUI created (`managed`). Needs ADMIN.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn delete_jail(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The jail.")] name: String,
        #[graphql(desc = "The fail2ban host; this BanGUI's own when null.")] host: Option<String>,
    ) -> async_graphql::Result<bool> {
        let configuration = configuration_on(ctx, host.as_deref()).await?;
        configuration.delete_jail(acting(ctx)?, &name).await.gql()?;
        Ok(true)
    }
}
