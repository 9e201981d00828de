//! `blocklistSources` (ADMIN), `importRun` and `importRuns` (VIEWER and above).

use async_graphql::{Context, ID, Object};
use bangui_core::Role;
use bangui_core::pagination::PageRequest;

use super::prefetch;
use super::types::{
    BlocklistSource, ImportRun, ImportRunConnection, ImportRunEdge, ImportRunQuery,
};
use crate::graphql::accounts::types::parse_id;
use crate::graphql::context::{RoleGuard, app};
use crate::graphql::error::GqlResult;
use crate::graphql::pagination::PageInfo;

#[derive(Default)]
pub struct BlocklistsQuery;

#[Object]
impl BlocklistsQuery {
    /// Every blocklist source, by name. Needs ADMIN.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn blocklist_sources(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<BlocklistSource>> {
        let state = app(ctx)?;
        let sources = state.blocklists.sources().await.gql()?;
        let last_runs = ctx.look_ahead().field("lastRun").exists();
        prefetch::sources_with_last_runs(ctx, sources, last_runs).await
    }

    /// One import run. Needs VIEWER.
    #[graphql(guard = "RoleGuard(Role::Viewer)")]
    async fn import_run(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The run's id.")] id: ID,
    ) -> async_graphql::Result<ImportRun> {
        let state = app(ctx)?;
        Ok(ImportRun::from(
            state.blocklists.run(parse_id(&id)?).await.gql()?,
        ))
    }

    /// The import log, newest first, of one source or of all. Needs VIEWER.
    #[graphql(guard = "RoleGuard(Role::Viewer)")]
    async fn import_runs(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many runs from the newest, or after `after`.")] first: Option<i64>,
        #[graphql(desc = "A cursor: the runs after it.")] after: Option<String>,
        #[graphql(desc = "How many runs from the oldest end, or before `before`.")] last: Option<
            i64,
        >,
        #[graphql(desc = "A cursor: the runs before it.")] before: Option<String>,
        #[graphql(desc = "Only this source's runs (every source's when null).")] source_id: Option<
            ID,
        >,
    ) -> async_graphql::Result<ImportRunConnection> {
        let state = app(ctx)?;
        let source_id = source_id.as_ref().map(parse_id).transpose()?;
        let request = PageRequest {
            first,
            after,
            last,
            before,
        };
        let page = state.blocklists.runs(source_id, &request).await.gql()?;
        let page_info = PageInfo::of(&page);
        let look = ctx.look_ahead();
        let (in_nodes, in_edges) = (
            look.field("nodes").field("source"),
            look.field("edges").field("node").field("source"),
        );
        let wanted = prefetch::Wanted {
            source: in_nodes.exists() || in_edges.exists(),
            last_run: in_nodes.field("lastRun").exists() || in_edges.field("lastRun").exists(),
        };
        let (cursors, runs): (Vec<_>, Vec<_>) = page.items.into_iter().unzip();
        let runs = prefetch::runs_with_sources(ctx, runs, wanted).await?;
        Ok(ImportRunConnection {
            page_info,
            edges: cursors
                .into_iter()
                .zip(runs)
                .map(|(cursor, node)| ImportRunEdge { cursor, node })
                .collect(),
            query: ImportRunQuery { source_id },
        })
    }
}
