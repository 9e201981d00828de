//! Answers to read-only queries over the archive (`bans`, `dashboard`), kept
//! for at most a second and only while the archive is unchanged: many
//! dashboards asking for the same page are answered once. An entry is stale as
//! soon as this process writes to the archive or its event tailer sees a row
//! written elsewhere, so a client reads its own writes; on another instance,
//! or for fail2ban's own database (`source: FAIL2BAN`), an answer is at most
//! [`FRESH_FOR`] old.

use std::sync::Arc;
use std::time::{Duration, Instant};

use async_graphql::parser::types::{ExecutableDocument, OperationType, Selection};
use bangui_core::Role;

use super::media::Media;

/// The longest an answer is reused.
pub const FRESH_FOR: Duration = Duration::from_secs(1);
/// Answers kept at most.
const ENTRIES: usize = 256;
/// Larger answers are not kept.
const MAX_BODY: usize = 256 * 1024;
/// Root fields whose answers come from the archive alone.
const ARCHIVE_FIELDS: [&str; 2] = ["bans", "dashboard"];

/// Whether a document's answer may be kept: queries only, every root
/// selection one of the archive's fields, `bans` and `dashboard` (no fragment at the root, no
/// directive that could make it depend on anything else).
pub fn keepable(doc: &ExecutableDocument) -> bool {
    doc.fragments.is_empty()
        && doc.operations.iter().all(|(_, op)| {
            op.node.ty == OperationType::Query
                && op.node.directives.is_empty()
                && op
                    .node
                    .selection_set
                    .node
                    .items
                    .iter()
                    .all(|s| match &s.node {
                        Selection::Field(f) => {
                            f.node.directives.is_empty()
                                && ARCHIVE_FIELDS.contains(&f.node.name.node.as_str())
                        }
                        _ => false,
                    })
        })
}

/// What an answer depends on besides the archive: who asks (by role: the
/// fields' guards look at nothing else), the media type and the request.
pub fn key(role: Option<Role>, media: Media, request: &async_graphql::Request) -> String {
    let variables = serde_json::to_string(&request.variables).unwrap_or_default();
    format!(
        "{}\u{0}{}\u{0}{}\u{0}{}\u{0}{}",
        role.map_or("", Role::as_str),
        media.content_type(),
        request.operation_name.as_deref().unwrap_or(""),
        variables,
        request.query,
    )
}

struct Kept {
    generation: u64,
    at: Instant,
    body: axum::body::Bytes,
}

/// The kept answers.
pub struct ResponseCache {
    entries: quick_cache::sync::Cache<String, Arc<Kept>>,
}

impl Default for ResponseCache {
    fn default() -> Self {
        ResponseCache {
            entries: quick_cache::sync::Cache::new(ENTRIES),
        }
    }
}

impl ResponseCache {
    /// The answer kept for `key`, if it is still fresh at `generation`.
    pub fn get(&self, key: &str, generation: u64) -> Option<axum::body::Bytes> {
        let kept = self.entries.get(key)?;
        (kept.generation == generation && kept.at.elapsed() < FRESH_FOR).then(|| kept.body.clone())
    }

    /// Keeps `body`, read when the archive was at `generation`.
    pub fn put(&self, key: String, generation: u64, body: axum::body::Bytes) {
        if body.len() <= MAX_BODY {
            self.entries.insert(
                key,
                Arc::new(Kept {
                    generation,
                    at: Instant::now(),
                    body,
                }),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(query: &str) -> ExecutableDocument {
        async_graphql::parser::parse_query(query).unwrap()
    }

    #[test]
    fn only_queries_of_archive_fields_are_kept() {
        assert!(keepable(&doc(
            "{ bans(first: 50) { edges { node { ip } } } }"
        )));
        assert!(keepable(&doc(
            "query D { dashboard { summary { totalBans } } bans { totalCount } }"
        )));
        for query in [
            "{ bans { totalCount } viewer { username } }",
            "{ health { status } }",
            "mutation { banIp(jail: \"sshd\", ip: \"203.0.113.9\") { ip } }",
            "{ ...F } fragment F on Query { bans { totalCount } }",
            "{ bans @include(if: true) { totalCount } }",
            "{ __typename bans { totalCount } }",
        ] {
            assert!(!keepable(&doc(query)), "{query}");
        }
    }

    #[test]
    fn an_answer_is_reused_only_while_fresh_and_unchanged() {
        let cache = ResponseCache::default();
        cache.put("k".to_owned(), 7, "{\"data\":{}}".into());
        assert_eq!(cache.get("k", 7).as_deref(), Some(&b"{\"data\":{}}"[..]));
        assert_eq!(cache.get("k", 8), None);
        assert_eq!(cache.get("other", 7), None);
        let large = "x".repeat(MAX_BODY + 1);
        cache.put("big".to_owned(), 7, large.into());
        assert_eq!(cache.get("big", 7), None);
    }
}
