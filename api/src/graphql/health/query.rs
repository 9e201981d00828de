//! `Query.health`: needs no authentication.

use async_graphql::Object;

use super::types::Health;

#[derive(Default)]
pub struct HealthQuery;

#[Object]
impl HealthQuery {
    /// The state of BanGUI, its database and fail2ban. Needs no authentication.
    async fn health(&self) -> Health {
        Health
    }
}
