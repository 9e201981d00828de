//! Account queries.

use async_graphql::{Context, Object};
use bangui_core::Role as CoreRole;
use bangui_core::auth::Credential;
use bangui_core::auth::users;
use entity::audit_log;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::types::{ApiToken, AuditEntry, User};
use crate::graphql::context::{RoleGuard, app};
use crate::graphql::error::{ErrorCode, GqlResult, error};

#[derive(Default)]
pub struct AccountsQuery;

#[Object]
impl AccountsQuery {
    /// True while no account exists: call `setup` to create the first ADMIN.
    /// Needs no authentication.
    async fn setup_required(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        users::setup_required(&app(ctx)?.db).await.gql()
    }

    /// The signed-in account; null when anonymous or signed in with an API token.
    /// Needs no authentication.
    async fn viewer(&self, ctx: &Context<'_>) -> Option<User> {
        ctx.data_opt::<Credential>().and_then(User::signed_in)
    }

    /// Every account. Needs ADMIN.
    #[graphql(guard = "RoleGuard(CoreRole::Admin)")]
    async fn users(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<User>> {
        Ok(users::list(&app(ctx)?.db)
            .await
            .gql()?
            .into_iter()
            .map(User::from)
            .collect())
    }

    /// API tokens not revoked. Needs ADMIN.
    #[graphql(guard = "RoleGuard(CoreRole::Admin)")]
    async fn api_tokens(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ApiToken>> {
        Ok(users::list_api_tokens(&app(ctx)?.db)
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
        let first = first.unwrap_or(50);
        if !(0..=500).contains(&first) {
            return Err(error(
                ErrorCode::BadUserInput,
                "first must be between 0 and 500",
            ));
        }
        let mut q = audit_log::Entity::find().order_by_desc(audit_log::Column::Id);
        if let Some(after) = after {
            let id: i64 = after
                .parse()
                .map_err(|_| error(ErrorCode::BadUserInput, format!("invalid cursor {after:?}")))?;
            q = q.filter(audit_log::Column::Id.lt(id));
        }
        let rows = q
            .limit(u64::try_from(first).unwrap_or(0))
            .all(&app(ctx)?.db)
            .await
            .map_err(|e| crate::graphql::error::from_service(e.into()))?;
        Ok(rows.into_iter().map(AuditEntry::from).collect())
    }
}
