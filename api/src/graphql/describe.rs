//! `__schema { description }` says what BanGUI is (async-graphql answers it
//! with a fixed text of its own).

use std::sync::{Arc, Mutex};

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextRequest,
};
use async_graphql::parser::types::{ExecutableDocument, Selection};
use async_graphql::{Name, ServerResult, Value, Variables};

/// What `__schema { description }` answers.
pub const DESCRIPTION: &str = "BanGUI: the fail2ban archive, dashboards, blocklist imports and \
jail settings of one or many hosts, over GraphQL. Queries need a VIEWER, bans and imports an \
OPERATOR, settings, accounts and tokens an ADMIN; see /playground and Docs/API.md.";

/// Installs the schema description.
pub struct SchemaDescription;

impl ExtensionFactory for SchemaDescription {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(Describe::default())
    }
}

/// One request's response keys of root `__schema` fields.
#[derive(Default)]
struct Describe {
    keys: Mutex<Vec<Name>>,
}

#[async_trait::async_trait]
impl Extension for Describe {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let doc = next.run(ctx, query, variables).await?;
        *self
            .keys
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = schema_keys(&doc);
        Ok(doc)
    }

    async fn request(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextRequest<'_>,
    ) -> async_graphql::Response {
        let mut response = next.run(ctx).await;
        let keys = std::mem::take(
            &mut *self
                .keys
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        describe(&mut response, &keys);
        response
    }
}

/// The response keys of a document's root `__schema` fields.
pub fn schema_keys(doc: &ExecutableDocument) -> Vec<Name> {
    doc.operations
        .iter()
        .flat_map(|(_, op)| op.node.selection_set.node.items.iter())
        .filter_map(|s| match &s.node {
            Selection::Field(f) if f.node.name.node == "__schema" => {
                Some(f.node.response_key().node.clone())
            }
            _ => None,
        })
        .collect()
}

/// Writes BanGUI's description into the `__schema` answers under `keys`.
pub fn describe(response: &mut async_graphql::Response, keys: &[Name]) {
    if let Value::Object(data) = &mut response.data {
        for key in keys {
            if let Some(Value::Object(schema)) = data.get_mut(key)
                && let Some(description) = schema.get_mut("description")
            {
                *description = Value::String(DESCRIPTION.to_owned());
            }
        }
    }
}
