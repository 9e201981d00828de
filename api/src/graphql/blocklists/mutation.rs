//! Source management (ADMIN) and `importBlocklist` (OPERATOR); each is audited.

use async_graphql::{Context, ID, Object};
use bangui_core::Role;
use bangui_core::blocklist::{self, queue};

use super::types::{BlocklistSource, BlocklistSourceInput, ImportRun};
use crate::graphql::accounts::types::parse_id;
use crate::graphql::audit::audited;
use crate::graphql::context::{RoleGuard, app};
use crate::graphql::error::GqlResult;

#[derive(Default)]
pub struct BlocklistsMutation;

#[Object]
impl BlocklistsMutation {
    /// Adds a blocklist source. Needs ADMIN.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn create_blocklist_source(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The source.")] input: BlocklistSourceInput,
    ) -> async_graphql::Result<BlocklistSource> {
        let state = app(ctx)?;
        let name = input.name.clone();
        let result = blocklist::create(
            &state.db,
            &state.fail2ban,
            &state.fetcher.options().policy,
            input.into(),
        )
        .await
        .gql()
        .map(BlocklistSource::from);
        audited(ctx, "createBlocklistSource", Some(name), result).await
    }

    /// Changes a blocklist source. Needs ADMIN.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn update_blocklist_source(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The source's id.")] id: ID,
        #[graphql(desc = "Its new settings.")] input: BlocklistSourceInput,
    ) -> async_graphql::Result<BlocklistSource> {
        let state = app(ctx)?;
        let source = parse_id(&id)?;
        let result = blocklist::update(
            &state.db,
            &state.fail2ban,
            &state.fetcher.options().policy,
            source,
            input.into(),
        )
        .await
        .gql()
        .map(BlocklistSource::from);
        audited(ctx, "updateBlocklistSource", Some(id.to_string()), result).await
    }

    /// Removes a blocklist source with its import log; bans it caused stay.
    /// Needs ADMIN.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn delete_blocklist_source(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The source's id.")] id: ID,
    ) -> async_graphql::Result<bool> {
        let state = app(ctx)?;
        let source = parse_id(&id)?;
        let result = blocklist::delete(&state.db, source)
            .await
            .gql()
            .map(|()| true);
        audited(ctx, "deleteBlocklistSource", Some(id.to_string()), result).await
    }

    /// Queues an import of a source now (a run already waiting is returned
    /// instead). A dry run downloads and reports what it would ban and unban
    /// without touching fail2ban. Follow it with `importProgress`. Needs OPERATOR.
    #[graphql(guard = "RoleGuard(Role::Operator)")]
    async fn import_blocklist(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The source to import.")] source_id: ID,
        #[graphql(
            default_with = "Some(false)",
            desc = "Only report what it would ban and unban (false, also for null)."
        )]
        dry_run: Option<bool>,
    ) -> async_graphql::Result<ImportRun> {
        let dry_run = dry_run.unwrap_or(false);
        let state = app(ctx)?;
        let source = parse_id(&source_id)?;
        let result = queue::request(&state.db, source, dry_run)
            .await
            .gql()
            .map(ImportRun::from);
        let action = if dry_run {
            "importBlocklist (dry run)"
        } else {
            "importBlocklist"
        };
        audited(ctx, action, Some(source_id.to_string()), result).await
    }
}
