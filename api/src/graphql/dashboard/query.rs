//! `Query.dashboard`.

use async_graphql::{Context, Object};
use bangui_core::Role;
use bangui_core::bans::Source;
use bangui_core::dashboard::Scope;
use chrono::{DateTime, Utc};

use super::types::Dashboard;
use crate::graphql::bans::types::BanSource;
use crate::graphql::context::{RoleGuard, app};
use crate::graphql::error::GqlResult;
use crate::graphql::hosts::fail2ban_on;

#[derive(Default)]
pub struct DashboardQuery;

#[Object]
impl DashboardQuery {
    /// Aggregations of the bans from `since` until `until`, optionally of one
    /// jail, from the archive (default) or fail2ban's current bans. Needs VIEWER.
    #[graphql(guard = "RoleGuard(Role::Viewer)")]
    #[allow(clippy::too_many_arguments)]
    async fn dashboard(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "From this instant (the beginning when null).")] since: Option<
            DateTime<Utc>,
        >,
        #[graphql(desc = "Until this instant (now when null).")] until: Option<DateTime<Utc>>,
        #[graphql(desc = "Only this jail (every jail when null).")] jail: Option<String>,
        #[graphql(
            default_with = "Some(BanSource::Archive)",
            desc = "The archive (the default, also for null) or fail2ban's current bans."
        )]
        source: Option<BanSource>,
        #[graphql(
            desc = "Only this host's bans (every host's when null; fail2ban's current bans: those of every connected host)."
        )]
        host: Option<String>,
    ) -> async_graphql::Result<Dashboard> {
        let state = app(ctx)?;
        let (dashboards, host_id) = match host.as_deref() {
            Some(name) => {
                let service = fail2ban_on(ctx, Some(name)).await?;
                let id = service.host().id;
                (state.dashboards.on(service), Some(id))
            }
            None => (
                state
                    .dashboards
                    .reading(state.hosts.connected().await.gql()?),
                None,
            ),
        };
        Ok(Dashboard {
            scope: Scope {
                since: since.map(|t| t.timestamp()),
                until: until.map(|t| t.timestamp()),
                jail,
                source: match source.unwrap_or(BanSource::Archive) {
                    BanSource::Archive => Source::Archive,
                    BanSource::Fail2ban => Source::Fail2ban,
                },
                host_id,
            },
            shared: Default::default(),
            dashboards,
        })
    }
}
