//! `Query.health`: needs no authentication.

use async_graphql::{Context, Object};

use super::types::Health;
use crate::state::AppState;

#[derive(Default)]
pub struct HealthQuery;

#[Object]
impl HealthQuery {
    /// The state of BanGUI, its database and fail2ban. Needs no authentication.
    async fn health(&self, ctx: &Context<'_>) -> async_graphql::Result<Health> {
        let state = ctx.data::<AppState>()?;
        Ok(Health::check(state).await)
    }
}
