//! `Query.hosts` and `Query.host`.

use async_graphql::{Context, Object};
use bangui_core::Role;

use super::types::Host;
use crate::graphql::context::{RoleGuard, app};
use crate::graphql::error::GqlResult;

#[derive(Default)]
pub struct HostsQuery;

#[Object]
impl HostsQuery {
    /// Every host, the local one first, then by name. Needs VIEWER.
    #[graphql(guard = "RoleGuard(Role::Viewer)")]
    async fn hosts(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Host>> {
        let hosts = app(ctx)?.hosts.list().await.gql()?;
        Ok(hosts.into_iter().map(Host).collect())
    }

    /// One host by name; null when there is none. Needs VIEWER.
    #[graphql(guard = "RoleGuard(Role::Viewer)")]
    async fn host(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The host's name.")] name: String,
    ) -> async_graphql::Result<Option<Host>> {
        Ok(app(ctx)?.hosts.by_name(&name).await.gql()?.map(Host))
    }
}
