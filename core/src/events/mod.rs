//! The event bus: every row added to the archive is an event. One tailer per
//! instance follows `ban_history` by id and broadcasts new rows to the
//! subscribers on that instance; instances sharing a PostgreSQL database all
//! follow the same table, so every event reaches every instance.
//!
//! The tailer reads as soon as it is woken: by a write from its own process, or on
//! PostgreSQL by the `bangui_events` notification every instance receives at the
//! writer's commit (ids are in commit order there, see the migration
//! `order_ban_history_events`). It also polls, for writers in other processes on
//! SQLite and for notifications lost while a listener reconnects.

mod feed;

use std::sync::Arc;
use std::time::Duration;

use entity::ban_history;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use tokio::sync::broadcast;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tracing::{debug, warn};

use crate::error::ServiceResult;
use entity::kinds::{EventKind, Origin};

/// How often the tailer looks for new rows without being woken, on SQLite.
const POLL_EVERY: Duration = Duration::from_millis(200);
/// The same on PostgreSQL, where notifications wake it.
const POLL_EVERY_NOTIFIED: Duration = Duration::from_secs(2);
/// The PostgreSQL notification channel of new archive rows.
const CHANNEL: &str = "bangui_events";

/// Wakes a bus's tailer after a write to the archive, so that subscribers
/// hear of it at once instead of at the next poll, and counts the writes, so
/// that what was read from the archive before one can be told stale; cheap to
/// clone. A handle of no bus (the default) wakes nobody.
#[derive(Clone, Default)]
pub struct Written(Arc<WrittenInner>);

#[derive(Default)]
struct WrittenInner {
    wake: tokio::sync::Notify,
    generation: std::sync::atomic::AtomicU64,
}

impl Written {
    /// Tells the tailer that the archive has new rows.
    pub fn notify(&self) {
        self.changed();
        self.0.wake.notify_waiters();
    }

    /// Counts a change of the archive without waking the tailer.
    fn changed(&self) {
        self.0
            .generation
            .fetch_add(1, std::sync::atomic::Ordering::AcqRel);
    }

    /// Grows with every write to the archive this process made or its tailer
    /// saw: two equal readings mean no such write between them.
    pub fn generation(&self) -> u64 {
        self.0.generation.load(std::sync::atomic::Ordering::Acquire)
    }
}
/// Rows read per look.
const PAGE: u64 = 1_000;
/// Events buffered per subscriber before it lags.
const CAPACITY: usize = 4_096;

/// One archived event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BanEvent {
    /// The archive row id: events are ordered by it.
    pub id: i64,
    pub kind: EventKind,
    pub ip: String,
    pub jail: String,
    pub at: i64,
    pub origin: Origin,
    pub country_code: Option<String>,
    pub banned_at: i64,
    pub ban_time: i64,
    pub expires_at: Option<i64>,
    pub ban_count: i64,
    pub ended_at: Option<i64>,
    pub reason: Option<String>,
    pub banned_by: Option<String>,
    pub source_id: Option<i64>,
    /// The host whose fail2ban it happened in.
    pub host_id: i64,
}

impl From<ban_history::Model> for BanEvent {
    fn from(row: ban_history::Model) -> Self {
        BanEvent {
            id: row.id,
            kind: row.kind,
            origin: row.origin,
            ip: row.ip,
            jail: row.jail,
            at: row.at,
            country_code: row.country_code,
            banned_at: row.banned_at,
            ban_time: row.ban_time,
            expires_at: row.expires_at,
            ban_count: row.ban_count.into(),
            ended_at: row.ended_at,
            reason: row.reason,
            banned_by: row.banned_by,
            source_id: row.source_id,
            host_id: row.host_id,
        }
    }
}

/// Events after `after_id`, oldest first, at most `limit`.
pub async fn replay(
    db: &DatabaseConnection,
    after_id: i64,
    limit: u64,
) -> ServiceResult<Vec<BanEvent>> {
    let query = ban_history::Entity::find()
        .filter(ban_history::Column::Id.gt(after_id))
        .order_by_asc(ban_history::Column::Id);
    events(db, query, limit).await
}

/// Events before `before_id`, newest first, at most `limit`.
pub async fn earlier(
    db: &DatabaseConnection,
    before_id: i64,
    limit: u64,
) -> ServiceResult<Vec<BanEvent>> {
    let query = ban_history::Entity::find()
        .filter(ban_history::Column::Id.lt(before_id))
        .order_by_desc(ban_history::Column::Id);
    events(db, query, limit).await
}

async fn events(
    db: &DatabaseConnection,
    query: sea_orm::Select<ban_history::Entity>,
    limit: u64,
) -> ServiceResult<Vec<BanEvent>> {
    Ok(query
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(BanEvent::from)
        .collect())
}

/// The highest event id, 0 when there is none.
pub async fn last_id(db: &DatabaseConnection) -> ServiceResult<i64> {
    let id: Option<i64> = ban_history::Entity::find()
        .select_only()
        .column(ban_history::Column::Id)
        .order_by_desc(ban_history::Column::Id)
        .limit(1)
        .into_tuple()
        .one(db)
        .await?;
    Ok(id.unwrap_or(0))
}

/// Broadcasts archive rows as they appear.
pub struct EventBus {
    db: DatabaseConnection,
    sender: broadcast::Sender<Arc<BanEvent>>,
    written: Written,
    published: std::sync::atomic::AtomicU64,
    lagged: std::sync::atomic::AtomicU64,
    /// Receivers of BanGUI's own, left out of `subscribers`.
    followers: std::sync::atomic::AtomicUsize,
}

impl EventBus {
    /// The bus of the archive in `db`.
    pub fn new(db: DatabaseConnection) -> Self {
        let (sender, _) = broadcast::channel(CAPACITY);
        Self {
            db,
            sender,
            written: Written::default(),
            published: Default::default(),
            lagged: Default::default(),
            followers: Default::default(),
        }
    }

    /// The handle that writers of the archive wake this bus's tailer with.
    pub fn written(&self) -> Written {
        self.written.clone()
    }

    /// Events broadcast since start.
    pub fn published(&self) -> u64 {
        self.published.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Times a subscriber fell behind the bus and caught up from the archive.
    pub fn lagged(&self) -> u64 {
        self.lagged.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Records that a subscriber fell behind.
    pub fn note_lagged(&self) {
        self.lagged
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// How many subscribers listen now, BanGUI's own followers left out.
    pub fn subscribers(&self) -> usize {
        self.sender
            .receiver_count()
            .saturating_sub(self.followers.load(std::sync::atomic::Ordering::Relaxed))
    }

    /// Live events from now on for a part of BanGUI that follows them for
    /// as long as the process runs (notifications); not counted among the
    /// subscribers.
    pub fn follow(&self) -> broadcast::Receiver<Arc<BanEvent>> {
        self.followers
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.sender.subscribe()
    }

    /// Live events from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<BanEvent>> {
        self.sender.subscribe()
    }

    /// Follows the archive from its current end until `stop` is cancelled.
    pub fn start(self: &Arc<Self>, stop: CancellationToken) -> JoinHandle<()> {
        let bus = self.clone();
        let db = self.db.clone();
        tokio::spawn(async move {
            let mut last = loop {
                match last_id(&db).await {
                    Ok(id) => break id,
                    Err(e) => warn!(error = %e, "event tailer cannot read the archive yet"),
                }
                tokio::select! {
                    () = stop.cancelled() => return,
                    () = tokio::time::sleep(Duration::from_secs(1)) => {}
                }
            };
            let mut wake = Wake::new(&db).await;
            loop {
                // Armed before reading, so a write during the read is not missed.
                let written = bus.written.0.wake.notified();
                tokio::pin!(written);
                written.as_mut().enable();
                loop {
                    match replay(&db, last, PAGE).await {
                        Ok(events) => {
                            let full = events.len() as u64 == PAGE;
                            if !events.is_empty() {
                                // Rows of other processes and instances too.
                                bus.written.changed();
                            }
                            for event in events {
                                last = event.id;
                                // No subscriber is fine.
                                let _ = bus.sender.send(Arc::new(event));
                                bus.published
                                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            }
                            if !full {
                                break;
                            }
                        }
                        Err(e) => {
                            warn!(error = %e, "event tailer could not read the archive");
                            break;
                        }
                    }
                }
                tokio::select! {
                    () = stop.cancelled() => return,
                    () = wake.next(written) => {}
                }
            }
        })
    }
}

/// What wakes the tailer.
struct Wake {
    listener: Option<sqlx::postgres::PgListener>,
    poll: Duration,
}

impl Wake {
    async fn new(db: &DatabaseConnection) -> Wake {
        if db.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
            return Wake {
                listener: None,
                poll: POLL_EVERY,
            };
        }
        let listener = async {
            let mut listener =
                sqlx::postgres::PgListener::connect_with(db.get_postgres_connection_pool()).await?;
            listener.listen(CHANNEL).await?;
            Ok::<_, sqlx::Error>(listener)
        }
        .await;
        match listener {
            Ok(listener) => Wake {
                listener: Some(listener),
                poll: POLL_EVERY_NOTIFIED,
            },
            Err(e) => {
                warn!(error = %e, "cannot listen for archive notifications; polling instead");
                Wake {
                    listener: None,
                    poll: POLL_EVERY,
                }
            }
        }
    }

    /// Returns when there may be new rows.
    async fn next(&mut self, written: std::pin::Pin<&mut tokio::sync::futures::Notified<'_>>) {
        let poll = tokio::time::sleep(self.poll);
        match &mut self.listener {
            Some(listener) => {
                tokio::select! {
                    () = written => {}
                    () = poll => {}
                    received = listener.recv() => {
                        if let Err(e) = received {
                            // recv reconnects on its next call; the poll covers the gap.
                            debug!(error = %e, "archive notification listener reconnecting");
                            tokio::time::sleep(POLL_EVERY).await;
                        }
                    }
                }
            }
            None => {
                tokio::select! {
                    () = written => {}
                    () = poll => {}
                }
            }
        }
    }
}
