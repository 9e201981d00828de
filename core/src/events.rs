//! The event bus: every row added to the archive is an event. One tailer per
//! instance follows `ban_history` by id and broadcasts new rows to the
//! subscribers on that instance; instances sharing a PostgreSQL database all
//! follow the same table, so every event reaches every instance.

use std::sync::Arc;
use std::time::Duration;

use entity::ban_history;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use tokio::sync::broadcast;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tracing::warn;

use crate::archive::Origin;
use crate::error::ServiceResult;

/// How often the tailer looks for new rows.
const POLL_EVERY: Duration = Duration::from_millis(200);
/// Rows read per look.
const PAGE: u64 = 1_000;
/// Events buffered per subscriber before it lags.
const CAPACITY: usize = 4_096;

/// Ban or unban.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    Ban,
    Unban,
}

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
}

impl From<ban_history::Model> for BanEvent {
    fn from(row: ban_history::Model) -> Self {
        BanEvent {
            id: row.id,
            kind: if row.kind == "UNBAN" {
                EventKind::Unban
            } else {
                EventKind::Ban
            },
            origin: Origin::parse(&row.origin).unwrap_or(Origin::Fail2ban),
            ip: row.ip,
            jail: row.jail,
            at: row.at,
            country_code: row.country_code,
            banned_at: row.banned_at,
            ban_time: row.ban_time,
            expires_at: row.expires_at,
            ban_count: row.ban_count.into(),
            ended_at: row.ended_at,
        }
    }
}

/// Events after `after_id`, oldest first, at most `limit`.
pub async fn replay(
    db: &DatabaseConnection,
    after_id: i64,
    limit: u64,
) -> ServiceResult<Vec<BanEvent>> {
    Ok(ban_history::Entity::find()
        .filter(ban_history::Column::Id.gt(after_id))
        .order_by_asc(ban_history::Column::Id)
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
    sender: broadcast::Sender<Arc<BanEvent>>,
}

impl Default for EventBus {
    fn default() -> Self {
        Self::new()
    }
}

impl EventBus {
    pub fn new() -> Self {
        let (sender, _) = broadcast::channel(CAPACITY);
        Self { sender }
    }

    /// Live events from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<BanEvent>> {
        self.sender.subscribe()
    }

    /// Follows the archive from its current end until `stop` is cancelled.
    pub fn start(
        self: &Arc<Self>,
        db: DatabaseConnection,
        stop: CancellationToken,
    ) -> JoinHandle<()> {
        let bus = self.clone();
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
            loop {
                tokio::select! {
                    () = stop.cancelled() => return,
                    () = tokio::time::sleep(POLL_EVERY) => {}
                }
                loop {
                    match replay(&db, last, PAGE).await {
                        Ok(events) => {
                            let full = events.len() as u64 == PAGE;
                            for event in events {
                                last = event.id;
                                // No subscriber is fine.
                                let _ = bus.sender.send(Arc::new(event));
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
            }
        })
    }
}
