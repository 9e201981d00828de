//! Access to request context from resolvers, and the role guard.

use async_graphql::{Context, Guard};
use bangui_core::{Actor, Role};

use super::error::{ErrorCode, error};
use crate::state::AppState;

/// The application state, registered when the schema is built.
pub fn app<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a AppState> {
    ctx.data::<AppState>()
}

/// The authenticated actor, if any.
pub fn actor<'a>(ctx: &Context<'a>) -> Option<&'a Actor> {
    ctx.data_opt::<Actor>()
}

/// The actor a guarded field acts for; UNAUTHENTICATED when there is none.
pub fn acting<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a Actor> {
    actor(ctx).ok_or_else(|| error(ErrorCode::Unauthenticated, "sign in to use this field"))
}

/// Allows a field to actors holding at least the given role.
pub struct RoleGuard(pub Role);

impl Guard for RoleGuard {
    async fn check(&self, ctx: &Context<'_>) -> async_graphql::Result<()> {
        match actor(ctx) {
            None => Err(error(
                ErrorCode::Unauthenticated,
                "sign in to use this field",
            )),
            Some(actor) if actor.role >= self.0 => Ok(()),
            Some(_) => Err(error(
                ErrorCode::Forbidden,
                format!("this needs the {} role", self.0),
            )),
        }
    }
}
