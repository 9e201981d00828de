//! `Query.dashboard`.

use async_graphql::{Context, Object};
use bangui_core::Role;
use bangui_core::bans::Source;
use bangui_core::dashboard::Scope;
use chrono::{DateTime, Utc};

use super::types::Dashboard;
use crate::graphql::bans::types::BanSource;
use crate::graphql::context::RoleGuard;

#[derive(Default)]
pub struct DashboardQuery;

#[Object]
impl DashboardQuery {
    /// Aggregations of the bans from `since` until `until`, optionally of one
    /// jail, from the archive (default) or fail2ban's current bans. Needs VIEWER.
    #[graphql(guard = "RoleGuard(Role::Viewer)")]
    async fn dashboard(
        &self,
        _ctx: &Context<'_>,
        since: Option<DateTime<Utc>>,
        until: Option<DateTime<Utc>>,
        jail: Option<String>,
        #[graphql(default_with = "Some(BanSource::Archive)")] source: Option<BanSource>,
    ) -> Dashboard {
        Dashboard(
            Scope {
                since: since.map(|t| t.timestamp()),
                until: until.map(|t| t.timestamp()),
                jail,
                source: match source.unwrap_or(BanSource::Archive) {
                    BanSource::Archive => Source::Archive,
                    BanSource::Fail2ban => Source::Fail2ban,
                },
            },
            Default::default(),
        )
    }
}
