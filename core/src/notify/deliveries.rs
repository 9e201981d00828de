//! Deliveries: made once per key (however many instances ask), each attempt
//! claimed by one worker (`lease_until` outlives a crashed one), its
//! outcome recorded, the next attempt queued after a doubling, jittered
//! pause, and FAILED with the last error after the last attempt.

use std::time::Duration;

use entity::{delivery, notification_channel};
use rand::Rng;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Statement,
};
use tracing::{info, warn};

use super::error::SendError;
use super::kinds::Trigger;
use super::message::Message;
use super::send;
use super::service::NotifyService;
use crate::actor::Actor;
use crate::error::{ServiceError, ServiceResult};
use crate::pagination::{Page, PageRequest};

/// The longest an attempt may take; one that takes longer failed.
const ATTEMPT_LIMIT: Duration = Duration::from_secs(45);
/// How long an attempt holds its delivery before another may take it: past
/// [`ATTEMPT_LIMIT`], so a live attempt is never taken over, and as long as
/// apalis takes to put back the job of a process that died (two missed
/// heartbeats of 30 s). A retrying delivery's lease lasts until its queued
/// retry is due.
const LEASE_SECS: i64 = 60;
/// How long past its time a delivery may wait before its attempt is queued again.
const STUCK_SECS: i64 = 60;
/// The longest pause between two attempts.
const MAX_PAUSE: Duration = Duration::from_secs(3_600);

/// A delivery to make.
pub(super) struct NewDelivery {
    pub key: String,
    pub channel_id: i64,
    pub rule_id: Option<i64>,
    pub trigger: Trigger,
    pub due_at: i64,
    pub message: Option<Message>,
}

impl NotifyService {
    /// Makes the delivery of `key` unless it exists, and queues its first
    /// attempt; `None` when it existed.
    pub(super) async fn make(&self, new: NewDelivery) -> ServiceResult<Option<delivery::Model>> {
        let now = crate::time::now();
        let message = match &new.message {
            Some(message) => Some(
                serde_json::to_string(message)
                    .map_err(|e| ServiceError::internal("writing a message", e))?,
            ),
            None => None,
        };
        let row = delivery::ActiveModel {
            key: Set(new.key.clone()),
            channel_id: Set(new.channel_id),
            rule_id: Set(new.rule_id),
            trigger: Set(new.trigger.as_str().to_owned()),
            status: Set(delivery::PENDING.to_owned()),
            attempts: Set(0),
            created_at: Set(now),
            due_at: Set(new.due_at),
            message: Set(message),
            ..Default::default()
        };
        let inserted = delivery::Entity::insert(row)
            .on_conflict(
                OnConflict::column(delivery::Column::Key)
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(&self.db)
            .await?;
        if inserted == 0 {
            return Ok(None);
        }
        let made = delivery::Entity::find()
            .filter(delivery::Column::Key.eq(&new.key))
            .one(&self.db)
            .await?
            .ok_or_else(|| ServiceError::invariant("a delivery vanished as it was made"))?;
        let after = Duration::from_secs(u64::try_from(new.due_at - now).unwrap_or(0));
        self.queue
            .push(made.id, 1, after)
            .await
            .map_err(|e| ServiceError::internal("queueing a delivery", e))?;
        Ok(Some(made))
    }

    /// Sends a test message to a channel now, as a delivery of its own.
    pub async fn test_channel(&self, actor: &Actor, id: i64) -> ServiceResult<delivery::Model> {
        let result = async {
            let channel = self.channel(id).await?;
            let now = crate::time::now();
            let nonce: u64 = rand::rng().random();
            self.make(NewDelivery {
                key: format!("test:{id}:{now}:{nonce:016x}"),
                channel_id: id,
                rule_id: None,
                trigger: Trigger::Test,
                due_at: now,
                message: Some(Message::test(&channel.name, now)),
            })
            .await?
            .ok_or_else(|| ServiceError::invariant("a test delivery's key was taken"))
        }
        .await;
        self.audit
            .record(
                actor,
                "testNotificationChannel",
                Some(id.to_string()),
                &result,
                None,
            )
            .await;
        result
    }

    /// Runs attempt `attempt` of delivery `id`, once: a copy that finds it
    /// done or held by another worker does nothing.
    pub async fn attempt(&self, id: i64, attempt: i64) -> ServiceResult<()> {
        if !self.claim(id, attempt).await? {
            return Ok(());
        }
        let Some(row) = delivery::Entity::find_by_id(id).one(&self.db).await? else {
            return Ok(());
        };
        let channel = notification_channel::Entity::find_by_id(row.channel_id)
            .one(&self.db)
            .await?;
        let outcome = match &channel {
            None => Err(SendError::Unusable("the channel was deleted".into())),
            Some(c) if !c.enabled => Err(SendError::Unusable("the channel is disabled".into())),
            Some(channel) => match self.message_of(&row).await? {
                None => {
                    // Everything it would tell was told by an earlier one.
                    delivery::Entity::delete_by_id(id).exec(&self.db).await?;
                    return Ok(());
                }
                Some(message) => {
                    let mailer = self.settings.mailer.as_ref();
                    let sending = send::send(&self.client, mailer, channel, id, &message);
                    tokio::time::timeout(ATTEMPT_LIMIT, sending)
                        .await
                        .unwrap_or_else(|_| {
                            Err(SendError::Transfer(format!(
                                "the channel did not answer within {} s",
                                ATTEMPT_LIMIT.as_secs()
                            )))
                        })
                }
            },
        };
        self.record(row, attempt, outcome).await
    }

    /// Takes attempt `attempt` of a delivery that is not done, unless
    /// another worker holds it.
    async fn claim(&self, id: i64, attempt: i64) -> ServiceResult<bool> {
        let now = crate::time::now();
        let backend = self.db.get_database_backend();
        let sql = match backend {
            sea_orm::DbBackend::Postgres => {
                "UPDATE delivery SET attempts = $1, lease_until = $2
                  WHERE id = $3 AND status IN ('PENDING', 'RETRYING')
                    AND (attempts = $1 - 1 OR (attempts = $1 AND COALESCE(lease_until, 0) < $4))"
            }
            _ => {
                "UPDATE delivery SET attempts = ?1, lease_until = ?2
                  WHERE id = ?3 AND status IN ('PENDING', 'RETRYING')
                    AND (attempts = ?1 - 1 OR (attempts = ?1 AND COALESCE(lease_until, 0) < ?4))"
            }
        };
        let done = self
            .db
            .execute_raw(Statement::from_sql_and_values(
                backend,
                sql,
                [
                    attempt.into(),
                    (now + LEASE_SECS).into(),
                    id.into(),
                    now.into(),
                ],
            ))
            .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn record(
        &self,
        row: delivery::Model,
        attempt: i64,
        outcome: Result<(), SendError>,
    ) -> ServiceResult<()> {
        let id = row.id;
        let channel = row.channel_id;
        let mut active: delivery::ActiveModel = row.into();
        active.lease_until = Set(None);
        match outcome {
            Ok(()) => {
                active.status = Set(delivery::DELIVERED.to_owned());
                active.delivered_at = Set(Some(crate::time::now()));
                active.error = Set(None);
                active.update(&self.db).await?;
                info!(delivery = id, channel, attempt, "notification delivered");
            }
            Err(e) => {
                let last = attempt >= i64::from(self.settings.attempts)
                    || matches!(e, SendError::Unusable(_));
                warn!(delivery = id, channel, attempt, error = %e, last, "notification not delivered");
                active.error = Set(Some(e.to_string()));
                if last {
                    active.status = Set(delivery::FAILED.to_owned());
                } else {
                    // The retry is queued before the row says RETRYING, so
                    // a process dying in between leaves it queued; until its
                    // time (and a grace) nothing queues it again.
                    let pause = self.pause(attempt);
                    self.queue
                        .push(id, attempt + 1, pause)
                        .await
                        .map_err(|e| ServiceError::internal("queueing a retry", e))?;
                    let pause_secs = i64::try_from(pause.as_secs()).unwrap_or(i64::MAX);
                    active.status = Set(delivery::RETRYING.to_owned());
                    active.lease_until = Set(Some(
                        crate::time::now()
                            .saturating_add(pause_secs)
                            .saturating_add(STUCK_SECS),
                    ));
                }
                active.update(&self.db).await?;
            }
        }
        Ok(())
    }

    /// The pause after failed attempt `attempt`: the base doubled each
    /// time, within a quarter either way, at most an hour.
    fn pause(&self, attempt: i64) -> Duration {
        let doublings = u32::try_from(attempt.saturating_sub(1))
            .unwrap_or(0)
            .min(16);
        let base = self
            .settings
            .retry_base
            .saturating_mul(1 << doublings)
            .min(MAX_PAUSE);
        let jitter = rand::rng().random_range(0.75..1.25);
        base.mul_f64(jitter).min(MAX_PAUSE)
    }

    /// The message a delivery sends: the one stored, or for an event rule
    /// the one composed now and stored for every retry; `None` when there
    /// is nothing left to tell.
    async fn message_of(&self, row: &delivery::Model) -> ServiceResult<Option<Message>> {
        if let Some(text) = &row.message {
            return serde_json::from_str(text)
                .map(Some)
                .map_err(|e| ServiceError::internal("reading a stored message", e));
        }
        let Some(message) = self.compose(row).await? else {
            return Ok(None);
        };
        let text = serde_json::to_string(&message)
            .map_err(|e| ServiceError::internal("writing a message", e))?;
        delivery::Entity::update_many()
            .col_expr(delivery::Column::Message, text.into())
            .filter(delivery::Column::Id.eq(row.id))
            .exec(&self.db)
            .await?;
        Ok(Some(message))
    }

    /// Queues again the attempt of every delivery that waits past its time
    /// with no attempt running: one whose attempt could not be queued (the
    /// database was busy, the process died in between) or died with its
    /// process. An attempt queued twice runs once (`claim`).
    pub async fn requeue_stuck(&self, now: i64) -> ServiceResult<usize> {
        let stuck = delivery::Entity::find()
            .filter(delivery::Column::Status.is_in([delivery::PENDING, delivery::RETRYING]))
            .filter(delivery::Column::DueAt.lt(now - STUCK_SECS))
            .all(&self.db)
            .await?;
        let mut queued = 0;
        for row in stuck {
            if row.lease_until.is_some_and(|until| until >= now) {
                continue;
            }
            // An attempt that died with its process runs again as itself;
            // otherwise the next one was never queued.
            let died = row.status == delivery::PENDING && row.attempts > 0;
            let attempt = if died { row.attempts } else { row.attempts + 1 };
            self.queue
                .push_again(row.id, attempt, now)
                .await
                .map_err(|e| ServiceError::internal("queueing a delivery again", e))?;
            queued += 1;
        }
        if queued > 0 {
            info!(queued, "deliveries queued again");
        }
        Ok(queued)
    }

    /// A page of deliveries, newest first, of one status or all.
    pub async fn deliveries(
        &self,
        request: &PageRequest,
        status: Option<&str>,
    ) -> ServiceResult<(Page<delivery::Model>, u64)> {
        let window = request.window::<i64>("delivery")?;
        let mut query = delivery::Entity::find();
        if let Some(status) = status {
            query = query.filter(delivery::Column::Status.eq(status));
        }
        let total = query.clone().count(&self.db).await?;
        if let Some(after) = window.after {
            query = query.filter(delivery::Column::Id.lt(after));
        }
        if let Some(before) = window.before {
            query = query.filter(delivery::Column::Id.gt(before));
        }
        query = if window.backward {
            query.order_by_asc(delivery::Column::Id)
        } else {
            query.order_by_desc(delivery::Column::Id)
        };
        let rows = query.limit(window.limit + 1).all(&self.db).await?;
        let page = window.page(rows, |row| crate::pagination::encode("delivery", &row.id));
        Ok((page, total))
    }

    /// The last delivery to a channel.
    pub async fn last_delivery(&self, channel: i64) -> ServiceResult<Option<delivery::Model>> {
        Ok(delivery::Entity::find()
            .filter(delivery::Column::ChannelId.eq(channel))
            .order_by_desc(delivery::Column::Id)
            .one(&self.db)
            .await?)
    }

    pub async fn delivery(&self, id: i64) -> ServiceResult<Option<delivery::Model>> {
        Ok(delivery::Entity::find_by_id(id).one(&self.db).await?)
    }

    /// Removes finished deliveries made before `before`, and the queue's
    /// records of attempts finished before then.
    pub async fn prune_deliveries(&self, before: i64) -> ServiceResult<u64> {
        let done = delivery::Entity::delete_many()
            .filter(delivery::Column::CreatedAt.lt(before))
            .filter(delivery::Column::Status.is_in([delivery::DELIVERED, delivery::FAILED]))
            .exec(&self.db)
            .await?;
        let jobs = self
            .queue
            .forget_done(before)
            .await
            .map_err(|e| ServiceError::internal("removing finished delivery jobs", e))?;
        if done.rows_affected > 0 || jobs > 0 {
            info!(
                deliveries = done.rows_affected,
                jobs, "old deliveries removed"
            );
        }
        Ok(done.rows_affected)
    }
}
