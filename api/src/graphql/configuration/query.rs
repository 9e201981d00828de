//! `Query.allowlist`, `filters`, `testFilter` and `configChanges`.

use async_graphql::{Context, Object};
use bangui_core::Role;
use bangui_core::fail2ban_config::FilterTest;
use bangui_core::pagination::PageRequest;

use super::types::{
    ConfigChange, ConfigChangeConnection, ConfigChangeEdge, ConfigChangeQuery, Filter,
    FilterTestInput, FilterTestResult, IgnoreEntry, configuration_on,
};
use crate::graphql::context::{RoleGuard, app};
use crate::graphql::error::GqlResult;
use crate::graphql::pagination::PageInfo;

#[derive(Default)]
pub struct ConfigurationQuery;

#[Object]
impl ConfigurationQuery {
    /// Entries every jail ignores. Needs VIEWER.
    #[graphql(guard = "RoleGuard(Role::Viewer)")]
    async fn allowlist(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The fail2ban host; this BanGUI's own when null.")] host: Option<String>,
    ) -> async_graphql::Result<Vec<IgnoreEntry>> {
        let configuration = configuration_on(ctx, host.as_deref()).await?;
        let entries = configuration.allowlist().await.gql()?;
        Ok(entries.into_iter().map(Into::into).collect())
    }

    /// The filters installed with fail2ban, by name. Needs ADMIN.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn filters(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The fail2ban host; this BanGUI's own when null.")] host: Option<String>,
    ) -> async_graphql::Result<Vec<Filter>> {
        let configuration = configuration_on(ctx, host.as_deref()).await?;
        let filters = configuration.filters().await.gql()?;
        Ok(filters.into_iter().map(Into::into).collect())
    }

    /// Runs fail2ban's own fail2ban-regex on the given lines or a jail's log
    /// files. Needs ADMIN.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn test_filter(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The filter and the lines.")] input: FilterTestInput,
        #[graphql(desc = "The fail2ban host; this BanGUI's own when null.")] host: Option<String>,
    ) -> async_graphql::Result<FilterTestResult> {
        let configuration = configuration_on(ctx, host.as_deref()).await?;
        let test = FilterTest {
            filter: input.filter,
            fail_regex: input.fail_regex,
            ignore_regex: input.ignore_regex,
            lines: input.lines,
            jail: input.jail,
            max_lines: input.max_lines,
        };
        let outcome = configuration.test_filter(test).await.gql()?;
        Ok(outcome.into())
    }

    /// Every change of BanGUI's configuration files, newest first. Needs ADMIN.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn config_changes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many from the newest, or after `after`.")] first: Option<i64>,
        #[graphql(desc = "A cursor: the changes after it (older).")] after: Option<String>,
        #[graphql(desc = "How many from the oldest end, or before `before`.")] last: Option<i64>,
        #[graphql(desc = "A cursor: the changes before it (newer).")] before: Option<String>,
    ) -> async_graphql::Result<ConfigChangeConnection> {
        let request = PageRequest {
            first,
            after,
            last,
            before,
        };
        let page = app(ctx)?.configuration.changes(&request).await.gql()?;
        Ok(ConfigChangeConnection {
            page_info: PageInfo::of(&page),
            edges: page
                .items
                .into_iter()
                .map(|(cursor, row)| ConfigChangeEdge {
                    cursor,
                    node: ConfigChange(row),
                })
                .collect(),
            query: ConfigChangeQuery,
        })
    }
}
