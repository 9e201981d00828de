//! `Query.jails` and `Query.jail`.

use async_graphql::{Context, Object};
use bangui_core::Role;

use super::types::Jail;
use crate::graphql::context::{RoleGuard, app};
use crate::graphql::error::GqlResult;

#[derive(Default)]
pub struct JailsQuery;

#[Object]
impl JailsQuery {
    /// Every jail, running or stopped, and every jail a configuration file
    /// enables or disables, by name. Needs VIEWER.
    #[graphql(guard = "RoleGuard(Role::Viewer)")]
    async fn jails(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Jail>> {
        let jails = app(ctx)?.configuration.jails().await.gql()?;
        Ok(jails
            .into_iter()
            .map(|(name, running)| Jail::new(name, running))
            .collect())
    }

    /// One jail by name; null when there is no such jail. Needs VIEWER.
    #[graphql(guard = "RoleGuard(Role::Viewer)")]
    async fn jail(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The jail's name.")] name: String,
    ) -> async_graphql::Result<Option<Jail>> {
        let jails = app(ctx)?.configuration.jails().await.gql()?;
        Ok(jails
            .into_iter()
            .find(|(n, _)| *n == name)
            .map(|(name, running)| Jail::new(name, running)))
    }
}
