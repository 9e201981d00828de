//! The GraphQL schema: one module per domain, merged into the root types, with
//! the query limits every request is held to.

pub mod accounts;
pub mod bans;
pub mod blocklists;
pub mod configuration;
pub mod context;
pub mod dashboard;
pub mod describe;
pub mod error;
pub mod events;
pub mod geo;
pub mod health;
pub mod hosts;
pub mod jails;
pub mod limits;
pub mod notifications;
pub mod pagination;

use async_graphql::dataloader::DataLoader;
use async_graphql::{MergedObject, MergedSubscription, Schema};
use bangui_core::statements;

use crate::state::AppState;

/// Deepest selection nesting accepted: the standard introspection query (as
/// GraphiQL and code generators send it) is 15 deep.
pub const MAX_DEPTH: usize = 15;
/// Highest total field cost accepted.
pub const MAX_COMPLEXITY: usize = 2_000;
/// Deepest nesting of input values and fragments.
pub const MAX_RECURSIVE_DEPTH: usize = 32;
/// Most directives on one field.
pub const MAX_DIRECTIVES: usize = 5;

/// The root query: every domain's queries merged.
#[derive(MergedObject, Default)]
pub struct Query(
    health::query::HealthQuery,
    accounts::query::AccountsQuery,
    jails::query::JailsQuery,
    bans::query::BansQuery,
    dashboard::query::DashboardQuery,
    blocklists::query::BlocklistsQuery,
    configuration::query::ConfigurationQuery,
    hosts::query::HostsQuery,
    notifications::query::NotificationsQuery,
);

/// The root mutation: every domain's mutations merged.
#[derive(MergedObject, Default)]
pub struct Mutation(
    accounts::mutation::AccountsMutation,
    jails::mutation::JailsMutation,
    bans::mutation::BansMutation,
    blocklists::mutation::BlocklistsMutation,
    configuration::mutation::ConfigurationMutation,
    hosts::mutation::HostsMutation,
    notifications::mutation::NotificationsMutation,
);

/// The root subscription: every domain's streams merged.
#[derive(MergedSubscription, Default)]
pub struct Subscription(
    health::subscription::HealthSubscription,
    events::subscription::EventsSubscription,
    blocklists::subscription::BlocklistsSubscription,
    configuration::subscription::ConfigurationSubscription,
    hosts::subscription::HostsSubscription,
    dashboard::subscription::DashboardSubscription,
);

/// BanGUI's executable schema.
pub type BanguiSchema = Schema<Query, Mutation, Subscription>;

/// Builds the schema with the state resolvers read from; its extensions
/// measure each document before it expands, give every error its code and
/// describe the schema, whoever executes it.
pub fn build(state: Option<AppState>) -> BanguiSchema {
    builder(state)
        .extension(limits::DocumentBudget)
        .extension(error::Codes)
        .extension(describe::SchemaDescription)
        .finish()
}

/// The same schema without extensions, for a transport that measures each
/// document (`limits::measure`), codes the errors and describes the schema
/// itself, as GraphQL over HTTP does: without extensions, async-graphql
/// resolves each field without a hook around it.
pub fn build_bare(state: AppState) -> BanguiSchema {
    builder(Some(state)).finish()
}

fn builder(state: Option<AppState>) -> async_graphql::SchemaBuilder<Query, Mutation, Subscription> {
    let mut builder = Schema::build(
        Query::default(),
        Mutation::default(),
        Subscription::default(),
    )
    .limit_depth(MAX_DEPTH)
    .limit_complexity(MAX_COMPLEXITY)
    .limit_recursive_depth(MAX_RECURSIVE_DEPTH)
    .limit_directives(MAX_DIRECTIVES);
    if let Some(state) = state {
        let countries = DataLoader::new(
            geo::loader::CountryLoader(state.geo.clone()),
            statements::spawn,
        );
        let sources = DataLoader::new(
            blocklists::loader::SourceLoader(state.blocklists.clone()),
            statements::spawn,
        );
        let last_runs = DataLoader::new(
            blocklists::loader::LastRunLoader(state.blocklists.clone()),
            statements::spawn,
        );
        builder = builder
            .data(state)
            .data(countries)
            .data(sources)
            .data(last_runs);
    }
    builder
}

/// Whether `text` is a GraphQL name of at most 64 characters, as operation
/// names must be to reach a metric label or a log line.
pub fn is_name(text: &str) -> bool {
    text.len() <= 64
        && text.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The schema in SDL, as `bangui schema` prints it and schema.graphql holds it.
pub fn sdl() -> String {
    let sdl =
        build(None).sdl_with_options(async_graphql::SDLExportOptions::new().include_specified_by());
    // The schema's own description, as introspection answers it.
    sdl.replacen(
        "schema {",
        &format!("\"\"\"\n{}\n\"\"\"\nschema {{", describe::DESCRIPTION),
        1,
    )
}
