//! Source management (ADMIN) and `importBlocklist` (OPERATOR); each is
//! audited by the blocklist service.

use async_graphql::{Context, ID, Object};
use bangui_core::Role;

use super::types::{BlocklistSource, BlocklistSourceInput, ImportRun};
use crate::graphql::accounts::types::parse_id;
use crate::graphql::context::{RoleGuard, acting, app};
use crate::graphql::error::{ErrorCode, GqlResult, error};
use crate::graphql::hosts::fail2ban_on;

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
        let fail2ban = fail2ban_on(ctx, input.host.as_deref()).await?;
        let source = app(ctx)?
            .blocklists
            .on(fail2ban)
            .create(acting(ctx)?, input.into())
            .await
            .gql()?;
        Ok(source.into())
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
        let id = parse_id(&id)?;
        let fail2ban = match input.host.as_deref() {
            Some(name) => fail2ban_on(ctx, Some(name)).await?,
            None => {
                let current = state.blocklists.source(id).await.gql()?;
                state
                    .hosts
                    .for_id(current.host_id)
                    .await
                    .gql()?
                    .ok_or_else(|| {
                        error(
                            ErrorCode::BadUserInput,
                            "the source's host was removed: delete the source",
                        )
                    })?
            }
        };
        let source = state
            .blocklists
            .on(fail2ban)
            .update(acting(ctx)?, id, input.into())
            .await
            .gql()?;
        Ok(source.into())
    }

    /// Removes a blocklist source with its import log; bans it caused stay.
    /// Needs ADMIN.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn delete_blocklist_source(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The source's id.")] id: ID,
    ) -> async_graphql::Result<bool> {
        app(ctx)?
            .blocklists
            .delete(acting(ctx)?, parse_id(&id)?)
            .await
            .gql()?;
        Ok(true)
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
        let run = app(ctx)?
            .blocklists
            .request_import(
                acting(ctx)?,
                parse_id(&source_id)?,
                dry_run.unwrap_or(false),
            )
            .await
            .gql()?;
        Ok(run.into())
    }
}
