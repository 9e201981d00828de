//! BanGUI's background work, run by apalis workers: one module per job.

mod housekeeping;
mod schedule;

use std::time::Duration;

use apalis::prelude::{Monitor, WorkerBuilder};
use apalis_cron::CronScheduler;
use sea_orm::{DatabaseConnection, DbBackend};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tracing::{info, warn};

pub use housekeeping::purge_expired_sessions;
pub use schedule::Every;

/// Why the workers could not start or their storage could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum JobsError {
    #[error("job queue storage: {0}")]
    Storage(String),
}

/// Creates the tables the job queue needs (apalis' own migrations).
pub async fn setup_storage(db: &DatabaseConnection) -> Result<(), JobsError> {
    let outcome = match db.get_database_backend() {
        DbBackend::Sqlite => {
            apalis_sqlite::SqliteStorage::migrations()
                .run(db.get_sqlite_connection_pool())
                .await
        }
        DbBackend::Postgres => {
            apalis_postgres::PostgresStorage::migrations()
                .run(db.get_postgres_connection_pool())
                .await
        }
        _ => return Ok(()),
    };
    outcome.map_err(|e| JobsError::Storage(e.to_string()))
}

/// The running workers.
pub struct Workers {
    stop: CancellationToken,
    task: JoinHandle<()>,
}

impl Workers {
    /// Starts every worker; sessions unused for `session_idle` are purged.
    pub async fn start(
        db: DatabaseConnection,
        session_idle: Duration,
    ) -> Result<Workers, JobsError> {
        let housekeeping = housekeeping::Housekeeping {
            db,
            idle_secs: i64::try_from(session_idle.as_secs()).unwrap_or(i64::MAX),
        };
        let stop = CancellationToken::new();
        let signal = stop.clone();
        let monitor = Monitor::new()
            .shutdown_timeout(Duration::from_secs(10))
            .register(move |_| {
                WorkerBuilder::new("housekeeping")
                    .backend(CronScheduler::new(Every(Duration::from_secs(60))))
                    .data(housekeeping.clone())
                    .build(housekeeping::run)
            });
        let task = tokio::spawn(async move {
            let outcome = monitor
                .run_with_signal(async move {
                    signal.cancelled().await;
                    Ok(())
                })
                .await;
            if let Err(e) = outcome {
                warn!(error = %e, "workers stopped with an error");
            }
        });
        info!("background workers started");
        Ok(Workers { stop, task })
    }

    /// Stops every worker, letting running jobs finish.
    pub async fn stop(self) {
        self.stop.cancel();
        if let Err(e) = self.task.await {
            warn!(error = %e, "worker task ended abnormally");
        }
    }
}
