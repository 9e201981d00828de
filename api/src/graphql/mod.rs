//! The GraphQL schema: one module per domain, merged into the root types.

pub mod error;
pub mod health;
pub mod http;

use async_graphql::{EmptyMutation, EmptySubscription, MergedObject, Schema};

use crate::state::AppState;

/// The root query: every domain's queries merged.
#[derive(MergedObject, Default)]
pub struct Query(health::query::HealthQuery);

/// BanGUI's executable schema.
pub type BanguiSchema = Schema<Query, EmptyMutation, EmptySubscription>;

/// Builds the schema with the state resolvers read from.
pub fn build(state: Option<AppState>) -> BanguiSchema {
    let mut builder = Schema::build(Query::default(), EmptyMutation, EmptySubscription);
    if let Some(state) = state {
        builder = builder.data(state);
    }
    builder.finish()
}

/// The schema in SDL, as `bangui schema` prints it and schema.graphql holds it.
pub fn sdl() -> String {
    build(None).sdl()
}
