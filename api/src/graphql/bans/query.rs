//! `Query.bans`.

use async_graphql::{Context, Object};
use bangui_core::Role;
use bangui_core::pagination::PageRequest;

use super::types::{BanConnection, BanFilterInput, IpInfo, ban_connection};
use crate::graphql::context::RoleGuard;
use crate::graphql::error::GqlResult;

#[derive(Default)]
pub struct BansQuery;

#[Object]
impl BansQuery {
    /// Bans, newest first, a page at a time (at most 500 per page). Needs VIEWER.
    #[graphql(guard = "RoleGuard(Role::Viewer)")]
    async fn bans(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many bans from the start of the list, or after `after`.")]
        first: Option<i64>,
        #[graphql(desc = "A cursor: the bans after it.")] after: Option<String>,
        #[graphql(desc = "How many bans from the end of the list, or before `before`.")]
        last: Option<i64>,
        #[graphql(desc = "A cursor: the bans before it.")] before: Option<String>,
        #[graphql(desc = "Which bans (every ban in the archive when null).")] filter: Option<
            BanFilterInput,
        >,
    ) -> async_graphql::Result<BanConnection> {
        let filter = filter.unwrap_or_default();
        let request = PageRequest {
            first,
            after,
            last,
            before,
        };
        ban_connection(ctx, filter, request).await
    }

    /// An address's country, current bans and history. Needs VIEWER.
    #[graphql(guard = "RoleGuard(Role::Viewer)")]
    async fn ip_info(
        &self,
        #[graphql(desc = "An address, or a network in CIDR notation.")] ip: String,
    ) -> async_graphql::Result<IpInfo> {
        let target = bangui_core::validate::network(&ip).gql()?;
        Ok(IpInfo { target })
    }
}
