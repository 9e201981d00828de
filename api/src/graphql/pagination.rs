//! GraphQL connection types, one pair per node type, built from the domain's pages.

use async_graphql::SimpleObject;

/// Where a page sits in its list.
#[derive(SimpleObject, Clone, Debug)]
pub struct PageInfo {
    /// Whether items follow this page.
    pub has_next_page: bool,
    /// Whether items precede this page.
    pub has_previous_page: bool,
    /// Cursor of the first item, to page backwards from.
    pub start_cursor: Option<String>,
    /// Cursor of the last item, to page forwards from.
    pub end_cursor: Option<String>,
}

impl PageInfo {
    pub fn of<T>(page: &bangui_core::pagination::Page<T>) -> PageInfo {
        PageInfo {
            has_next_page: page.has_next,
            has_previous_page: page.has_previous,
            start_cursor: page.items.first().map(|(c, _)| c.clone()),
            end_cursor: page.items.last().map(|(c, _)| c.clone()),
        }
    }
}

/// Declares `$conn` and `$edge` for node type `$node`; `totalCount` is resolved
/// by `$count`, an async method on `$conn`'s `query` field, only when asked for.
#[macro_export]
macro_rules! connection_type {
    ($conn:ident, $edge:ident, $node:ty, $query:ty) => {
        /// An item of the list with its cursor.
        #[derive(async_graphql::SimpleObject, Clone)]
        pub struct $edge {
            /// Pass as `after` or `before` to page from this item.
            pub cursor: String,
            /// The item.
            pub node: $node,
        }

        /// One page of a list.
        pub struct $conn {
            pub edges: Vec<$edge>,
            pub page_info: $crate::graphql::pagination::PageInfo,
            /// Re-runs the count for `totalCount`.
            pub query: $query,
        }

        /// One page of a list, with its cursors and the whole list's size.
        #[async_graphql::Object]
        impl $conn {
            /// The items with their cursors.
            async fn edges(&self) -> &[$edge] {
                &self.edges
            }

            /// The items alone.
            async fn nodes(&self) -> Vec<$node> {
                self.edges.iter().map(|e| e.node.clone()).collect()
            }

            /// Where this page sits in the list.
            async fn page_info(&self) -> &$crate::graphql::pagination::PageInfo {
                &self.page_info
            }

            /// How many items the whole list holds (counted only when asked for).
            async fn total_count(
                &self,
                ctx: &async_graphql::Context<'_>,
            ) -> async_graphql::Result<i64> {
                self.query.total_count(ctx).await
            }
        }
    };
}
