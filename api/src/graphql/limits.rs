//! Query limits beyond depth and complexity: a cap on aliases, so one request
//! cannot ask for the same expensive field hundreds of times.

use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{ServerError, ServerResult, Variables};

/// Most aliased fields in one document.
pub const MAX_ALIASES: usize = 30;

/// Installs the alias cap.
pub struct AliasLimit;

impl ExtensionFactory for AliasLimit {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(AliasLimitExtension)
    }
}

struct AliasLimitExtension;

#[async_trait::async_trait]
impl Extension for AliasLimitExtension {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let doc = next.run(ctx, query, variables).await?;
        let mut count = 0usize;
        for (_, op) in doc.operations.iter() {
            count_aliases(&doc, &op.node.selection_set.node, &mut count, 0);
        }
        if count > MAX_ALIASES {
            return Err(ServerError::new(
                format!("too many aliases: at most {MAX_ALIASES} per request"),
                None,
            ));
        }
        Ok(doc)
    }
}

/// Counts aliases, following fragments; stops early once over the limit.
fn count_aliases(doc: &ExecutableDocument, set: &SelectionSet, count: &mut usize, depth: usize) {
    if *count > MAX_ALIASES || depth > 64 {
        return;
    }
    for selection in &set.items {
        match &selection.node {
            Selection::Field(field) => {
                if field.node.alias.is_some() {
                    *count += 1;
                }
                count_aliases(doc, &field.node.selection_set.node, count, depth + 1);
            }
            Selection::InlineFragment(fragment) => {
                count_aliases(doc, &fragment.node.selection_set.node, count, depth + 1);
            }
            Selection::FragmentSpread(spread) => {
                if let Some(fragment) = doc.fragments.get(&spread.node.fragment_name.node) {
                    count_aliases(doc, &fragment.node.selection_set.node, count, depth + 1);
                }
            }
        }
    }
}
