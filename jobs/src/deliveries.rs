//! Deliveries' attempts as apalis jobs on the project's database (SQLite
//! or PostgreSQL storage): each job is one attempt of one delivery, pushed
//! once (its idempotency key), taken by one worker of any instance, and put
//! back by apalis when the process that held it died.

use std::time::Duration;

use apalis::prelude::{BackendExt, BoxDynError, Data, TaskBuilder, TaskSink, WorkerBuilder};
use apalis_postgres::PostgresStorage;
use apalis_sqlite::SqliteStorage;
use async_trait::async_trait;
use bangui_core::notify::{DeliveryQueue, NotifyService};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;
use tracing::warn;

use crate::JobsError;

/// How often a worker looks for attempts that came due.
pub const POLL: Duration = Duration::from_millis(500);

/// The queue's name in apalis' tables.
const QUEUE: &str = "bangui-deliveries";

/// One attempt of one delivery.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryJob {
    pub delivery: i64,
    pub attempt: i64,
}

/// The deliveries' queue on the project's database.
#[derive(Clone)]
pub struct DeliveryStorage {
    db: DatabaseConnection,
    backend: Backend,
}

#[derive(Clone)]
enum Backend {
    Sqlite(SqliteStorage<DeliveryJob>),
    Postgres(PostgresStorage<DeliveryJob>),
}

/// Removes this queue's finished jobs done before `$2` (Unix seconds).
const FORGET_SQLITE: &str = "DELETE FROM Jobs WHERE job_type = ?1 AND done_at < ?2
   AND (status IN ('Done', 'Killed') OR (status = 'Failed' AND attempts >= max_attempts))";
const FORGET_POSTGRES: &str = "DELETE FROM apalis.jobs WHERE job_type = $1
   AND done_at < to_timestamp($2)
   AND (status IN ('Done', 'Killed') OR (status = 'Failed' AND attempts >= max_attempts))";

impl DeliveryStorage {
    /// The queue on `db`, its tables made when missing.
    pub async fn open(db: &DatabaseConnection) -> Result<DeliveryStorage, JobsError> {
        let storage = |e: &dyn std::fmt::Display| JobsError::Storage(e.to_string());
        match db.get_database_backend() {
            DbBackend::Postgres => {
                let pool = db.get_postgres_connection_pool();
                PostgresStorage::<()>::setup(pool)
                    .await
                    .map_err(|e| storage(&e))?;
                let config = apalis_postgres::Config::default().queue(QUEUE);
                Ok(DeliveryStorage {
                    db: db.clone(),
                    backend: Backend::Postgres(PostgresStorage::new(pool).with_config(config)),
                })
            }
            DbBackend::Sqlite => {
                let pool = db.get_sqlite_connection_pool();
                SqliteStorage::<()>::setup(pool)
                    .await
                    .map_err(|e| storage(&e))?;
                let config = apalis_sqlite::Config::default().queue(QUEUE);
                Ok(DeliveryStorage {
                    db: db.clone(),
                    backend: Backend::Sqlite(SqliteStorage::new(pool).with_config(config)),
                })
            }
            other => Err(JobsError::Storage(format!(
                "no job storage for the {other:?} database"
            ))),
        }
    }
}

#[async_trait]
impl DeliveryQueue for DeliveryStorage {
    async fn push(&self, delivery: i64, attempt: i64, after: Duration) -> Result<(), String> {
        self.queue(
            delivery,
            attempt,
            after,
            format!("delivery:{delivery}:{attempt}"),
        )
        .await
    }

    async fn push_again(&self, delivery: i64, attempt: i64, now: i64) -> Result<(), String> {
        // Once a minute at most.
        let key = format!("delivery:{delivery}:{attempt}:again:{}", now / 60);
        self.queue(delivery, attempt, Duration::ZERO, key).await
    }

    async fn forget_done(&self, before: i64) -> Result<u64, String> {
        let backend = self.db.get_database_backend();
        let sql = match backend {
            DbBackend::Postgres => FORGET_POSTGRES,
            _ => FORGET_SQLITE,
        };
        self.db
            .execute_raw(Statement::from_sql_and_values(
                backend,
                sql,
                [QUEUE.into(), before.into()],
            ))
            .await
            .map(|done| done.rows_affected())
            .map_err(|e| e.to_string())
    }
}

impl DeliveryStorage {
    async fn queue(
        &self,
        delivery: i64,
        attempt: i64,
        after: Duration,
        key: String,
    ) -> Result<(), String> {
        let task = TaskBuilder::new(DeliveryJob { delivery, attempt })
            .run_after(after)
            .idempotency_key(key)
            .build();
        match self.backend.clone() {
            Backend::Sqlite(mut storage) => {
                storage.push_task(task).await.map_err(|e| e.to_string())
            }
            Backend::Postgres(mut storage) => {
                storage.push_task(task).await.map_err(|e| e.to_string())
            }
        }
    }
}

/// Runs the delivery worker until `stop`, starting it again a second after
/// it stopped (its storage failed: a database locked past its busy timeout,
/// or gone). apalis refuses a second worker of a name whose holder was seen
/// lately, so each process, and each start, has a name of its own; jobs a
/// dead process held are put back for the others.
pub(crate) async fn supervise(
    storage: DeliveryStorage,
    notify: NotifyService,
    stop: CancellationToken,
) {
    let name = format!(
        "deliveries-{}-{:08x}",
        std::process::id(),
        rand::random::<u32>()
    );
    for start in 0u64.. {
        let until = {
            let stop = stop.clone();
            async move {
                stop.cancelled().await;
                Ok::<(), std::io::Error>(())
            }
        };
        let worker = format!("{name}-{start}");
        let outcome = match storage.backend.clone() {
            Backend::Sqlite(storage) => {
                WorkerBuilder::new(worker)
                    .backend(storage.poll_with_interval(POLL))
                    .data(notify.clone())
                    .build(run)
                    .run_until(until)
                    .await
            }
            Backend::Postgres(storage) => {
                WorkerBuilder::new(worker)
                    .backend(storage.poll_with_interval(POLL))
                    .data(notify.clone())
                    .build(run)
                    .run_until(until)
                    .await
            }
        };
        if stop.is_cancelled() {
            return;
        }
        match outcome {
            Ok(()) => warn!(start, "the delivery worker stopped; starting it again"),
            Err(e) => warn!(start, error = %e, "the delivery worker failed; starting it again"),
        }
        tokio::select! {
            () = stop.cancelled() => return,
            () = tokio::time::sleep(Duration::from_secs(1)) => {}
        }
    }
}

/// Runs one attempt.
pub(crate) async fn run(job: DeliveryJob, notify: Data<NotifyService>) -> Result<(), BoxDynError> {
    notify.attempt(job.delivery, job.attempt).await?;
    Ok(())
}
