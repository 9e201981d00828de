//! Every mutation leaves an audit entry with its outcome.

use async_graphql::Context;
use bangui_core::Actor;
use bangui_core::audit::{self, AuditEntry};

use super::context::{actor, app};

/// Records `result` of the mutation `action` on `target` by the request's
/// actor, then returns it.
pub async fn audited<T>(
    ctx: &Context<'_>,
    action: &str,
    target: Option<String>,
    result: async_graphql::Result<T>,
) -> async_graphql::Result<T> {
    let anonymous = Actor {
        name: "anonymous".to_owned(),
        role: bangui_core::Role::Viewer,
        user_id: None,
    };
    let who = actor(ctx).cloned().unwrap_or(anonymous);
    audited_by(ctx, &who, action, target, result).await
}

/// Like [`audited`] with an explicit actor.
pub async fn audited_by<T>(
    ctx: &Context<'_>,
    who: &Actor,
    action: &str,
    target: Option<String>,
    result: async_graphql::Result<T>,
) -> async_graphql::Result<T> {
    let outcome = match &result {
        Ok(_) => "ok".to_owned(),
        Err(e) => e
            .extensions
            .as_ref()
            .and_then(|ext| ext.get("code"))
            .map_or_else(
                || "INTERNAL_SERVER_ERROR".to_owned(),
                |code| code.to_string().trim_matches('"').to_owned(),
            ),
    };
    if let Ok(state) = app(ctx) {
        audit::record(
            &state.db,
            AuditEntry {
                actor: who,
                action,
                target,
                outcome: &outcome,
                details: None,
            },
        )
        .await;
    }
    result
}
