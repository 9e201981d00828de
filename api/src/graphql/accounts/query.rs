//! Account queries.

use async_graphql::{Context, Object};
use bangui_core::Role as CoreRole;
use bangui_core::auth::Credential;

use super::types::{ApiToken, AuditEntry, User};
use crate::graphql::context::{RoleGuard, app};
use crate::graphql::error::GqlResult;

#[derive(Default)]
pub struct AccountsQuery;

#[Object]
impl AccountsQuery {
    /// True while no account exists: call `setup` to create the first ADMIN.
    /// Needs no authentication.
    async fn setup_required(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        app(ctx)?.accounts.setup_required().await.gql()
    }

    /// The signed-in account; null when anonymous or signed in with an API token.
    /// Needs no authentication.
    async fn viewer(&self, ctx: &Context<'_>) -> Option<User> {
        ctx.data_opt::<Credential>().and_then(User::signed_in)
    }

    /// Every account. Needs ADMIN.
    #[graphql(guard = "RoleGuard(CoreRole::Admin)")]
    async fn users(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<User>> {
        Ok(app(ctx)?
            .accounts
            .users()
            .await
            .gql()?
            .into_iter()
            .map(User::from)
            .collect())
    }

    /// API tokens not revoked. Needs ADMIN.
    #[graphql(guard = "RoleGuard(CoreRole::Admin)")]
    async fn api_tokens(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ApiToken>> {
        Ok(app(ctx)?
            .accounts
            .api_tokens()
            .await
            .gql()?
            .into_iter()
            .map(ApiToken::from)
            .collect())
    }

    /// The audit log, newest first; `after` is the id of the last entry seen.
    /// At most 500 per call. Needs ADMIN.
    #[graphql(guard = "RoleGuard(CoreRole::Admin)")]
    async fn audit_log(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many entries, newest first (50 when null, at most 500).")]
        first: Option<i64>,
        #[graphql(desc = "An entry's id: the entries older than it.")] after: Option<String>,
    ) -> async_graphql::Result<Vec<AuditEntry>> {
        let rows = app(ctx)?.audit.page(first, after.as_deref()).await.gql()?;
        Ok(rows.into_iter().map(AuditEntry::from).collect())
    }
}
