//! Credentials checked recently, so that a request with a token does not cost a
//! database lookup. An entry lives a few seconds at most; revocations drop
//! every entry at once, on every instance (PostgreSQL `NOTIFY`), and an
//! instance that cannot listen relies on the short lifetime alone.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, Statement};
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;
use tracing::{debug, warn};

use super::credential::Credential;

/// How long a checked credential is trusted without a new lookup.
pub const LIFETIME: Duration = Duration::from_secs(5);
/// Entries kept at most; beyond it the cache is emptied and fills again.
const CAPACITY: usize = 10_000;
/// The PostgreSQL channel on which instances announce revocations.
pub const CHANNEL: &str = "bangui_credentials";
/// Session ids per notification: a payload stays far below PostgreSQL's 8,000 bytes.
const IDS_PER_NOTIFY: usize = 400;

/// A checked credential and what is needed to check it again without the database.
#[derive(Clone, Debug)]
pub(super) struct Entry {
    pub credential: Credential,
    /// Sessions: when it was last used, as stored.
    pub last_seen_at: i64,
    /// Sessions: the absolute end. Tokens: their expiry, if any.
    pub hard_end: Option<i64>,
    checked: Instant,
}

impl Entry {
    pub fn new(credential: Credential, last_seen_at: i64, hard_end: Option<i64>) -> Self {
        Self {
            credential,
            last_seen_at,
            hard_end,
            checked: Instant::now(),
        }
    }
}

/// Recently checked credentials by token hash.
#[derive(Default)]
pub(super) struct CredentialCache {
    entries: Mutex<HashMap<String, Entry>>,
    /// Counts the clears, so that a lookup that raced a revocation is not kept.
    generation: AtomicU64,
}

impl CredentialCache {
    /// To be taken before a lookup and handed to [`Self::put`] with its result.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// The entry for a token hash, if it was checked less than [`LIFETIME`] ago.
    pub fn get(&self, hash: &str) -> Option<Entry> {
        let entries = self.entries.lock().ok()?;
        entries
            .get(hash)
            .filter(|e| e.checked.elapsed() < LIFETIME)
            .cloned()
    }

    /// Keeps an entry, unless the cache was cleared since `generation` was taken.
    pub fn put(&self, hash: String, entry: Entry, generation: u64) {
        if let Ok(mut entries) = self.entries.lock() {
            if self.generation() != generation {
                return;
            }
            if entries.len() >= CAPACITY {
                entries.retain(|_, e| e.checked.elapsed() < LIFETIME);
                if entries.len() >= CAPACITY {
                    entries.clear();
                }
            }
            entries.insert(hash, entry);
        }
    }

    /// Records a new `last_seen_at` for a cached session.
    pub fn touched(&self, hash: &str, last_seen_at: i64) {
        if let Ok(mut entries) = self.entries.lock()
            && let Some(entry) = entries.get_mut(hash)
        {
            entry.last_seen_at = last_seen_at;
        }
    }

    pub fn clear(&self) {
        if let Ok(mut entries) = self.entries.lock() {
            self.generation.fetch_add(1, Ordering::AcqRel);
            entries.clear();
        }
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.entries.lock().map(|e| e.len()).unwrap_or_default()
    }
}

/// Tells the other instances that credentials were revoked, with the ids of
/// the sessions that ended (for their open WebSockets). Nothing to do on SQLite.
pub(super) async fn announce(db: &DatabaseConnection, session_ids: &[i64]) {
    if db.get_database_backend() != DatabaseBackend::Postgres {
        return;
    }
    let mut chunks: Vec<&[i64]> = session_ids.chunks(IDS_PER_NOTIFY).collect();
    if chunks.is_empty() {
        chunks.push(&[]);
    }
    for chunk in chunks {
        let payload = chunk
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let notify = Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT pg_notify($1, $2)",
            [CHANNEL.into(), payload.into()],
        );
        if let Err(e) = db.execute_raw(notify).await {
            warn!(error = %e, "cannot tell other instances of a revocation; their caches expire within seconds");
        }
    }
}

/// The session ids of a notification's payload.
pub(super) fn parse_ids(payload: &str) -> Vec<i64> {
    payload
        .split(',')
        .filter_map(|id| id.trim().parse().ok())
        .collect()
}

/// Listens for other instances' revocations until `stop`: each empties the
/// cache and passes its session ids on to this instance's WebSockets.
pub(super) async fn listen(
    db: DatabaseConnection,
    cache: std::sync::Arc<CredentialCache>,
    revoked: broadcast::Sender<i64>,
    stop: CancellationToken,
) {
    if db.get_database_backend() != DatabaseBackend::Postgres {
        return;
    }
    let mut listener = match sqlx::postgres::PgListener::connect_with(
        db.get_postgres_connection_pool(),
    )
    .await
    {
        Ok(l) => l,
        Err(e) => {
            warn!(error = %e, "cannot listen for revocations; cached credentials expire within seconds");
            return;
        }
    };
    if let Err(e) = listener.listen(CHANNEL).await {
        warn!(error = %e, "cannot listen for revocations; cached credentials expire within seconds");
        return;
    }
    loop {
        tokio::select! {
            () = stop.cancelled() => return,
            received = listener.recv() => match received {
                Ok(notification) => {
                    cache.clear();
                    for id in parse_ids(notification.payload()) {
                        let _ = revoked.send(id);
                    }
                }
                Err(e) => {
                    // Notifications may have been missed while the connection was down.
                    cache.clear();
                    debug!(error = %e, "revocation listener reconnecting");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actor::{Actor, Role};

    fn credential() -> Credential {
        Credential {
            actor: Actor {
                name: "ada".to_owned(),
                role: Role::Admin,
                user_id: Some(1),
            },
            session_id: Some(7),
            api_token_id: None,
            expires_at: Some(100),
            account_created_at: Some(1),
        }
    }

    #[test]
    fn entries_are_kept_touched_and_cleared() {
        let cache = CredentialCache::default();
        cache.put("h".to_owned(), Entry::new(credential(), 10, Some(100)), 0);
        let entry = cache.get("h").expect("cached");
        assert_eq!(entry.credential, credential());
        assert_eq!(entry.last_seen_at, 10);
        cache.touched("h", 70);
        assert_eq!(cache.get("h").map(|e| e.last_seen_at), Some(70));
        assert!(cache.get("other").is_none());
        cache.clear();
        assert!(cache.get("h").is_none());
        assert_eq!(cache.len(), 0);
    }

    #[test]
    fn a_lookup_that_raced_a_revocation_is_not_kept() {
        let cache = CredentialCache::default();
        let before = cache.generation();
        cache.clear();
        cache.put("h".to_owned(), Entry::new(credential(), 10, None), before);
        assert!(cache.get("h").is_none());
        cache.put(
            "h".to_owned(),
            Entry::new(credential(), 10, None),
            cache.generation(),
        );
        assert!(cache.get("h").is_some());
    }

    #[test]
    fn a_full_cache_starts_again() {
        let cache = CredentialCache::default();
        for n in 0..CAPACITY {
            cache.put(n.to_string(), Entry::new(credential(), 0, None), 0);
        }
        assert_eq!(cache.len(), CAPACITY);
        cache.put("one more".to_owned(), Entry::new(credential(), 0, None), 0);
        assert_eq!(cache.len(), 1);
    }

    #[test]
    fn payloads_carry_session_ids() {
        assert_eq!(parse_ids("3,14,15"), vec![3, 14, 15]);
        assert_eq!(parse_ids(""), Vec::<i64>::new());
        assert_eq!(parse_ids("9,x"), vec![9]);
    }
}
