//! BanGUI's background work, run by apalis workers: one module per job.

pub mod deliveries;
mod geo;
mod housekeeping;
mod ignores;
mod imports;
pub mod lease;
mod notify_watch;
mod schedule;
mod sync;
mod timed_unbans;

use std::time::Duration;

use apalis::prelude::{Monitor, WorkerBuilder};
use apalis_cron::CronScheduler;
use sea_orm::DatabaseConnection;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tracing::{info, warn};

pub use housekeeping::purge_expired_sessions;
pub use schedule::Every;

/// The instant of a tick in Unix seconds.
pub(crate) fn tick_secs(tick: &apalis_cron::Tick) -> i64 {
    i64::try_from(tick.get_timestamp()).unwrap_or(i64::MAX)
}

/// Why the workers could not start or their storage could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum JobsError {
    #[error("job queue storage: {0}")]
    Storage(String),
}

/// What the workers need from the application.
pub struct WorkerDeps {
    pub db: DatabaseConnection,
    /// Sessions unused this long are purged.
    pub session_idle: Duration,
    /// How long archived bans are kept; zero: every ban.
    pub archive_retention: Duration,
    pub geo: std::sync::Arc<bangui_core::geo::Geo>,
    /// Cached countries unseen this long are removed.
    pub geo_retention: Duration,
    /// fail2ban's database, read by the archive sync.
    /// This machine's fail2ban database; none: no local fail2ban to archive.
    pub fail2ban_db: Option<bangui_fail2ban::db::Fail2banDb>,
    /// How often the archive sync runs.
    pub sync_interval: Duration,
    /// When the archive sync compares fail2ban's current bans with the archive's.
    pub unbans: std::sync::Arc<bangui_core::sync::UnbanCheck>,
    /// Wakes the event tailer after the sync wrote to the archive.
    pub written: bangui_core::events::Written,
    /// Runs blocklist imports.
    pub importer: bangui_core::blocklist::run::Importer,
    /// Removes expired ignore entries from fail2ban's configuration.
    pub configuration: bangui_core::fail2ban_config::ConfigService,
    /// How often expired ignore entries are looked for.
    pub ignore_expiry_interval: Duration,
    /// Lifts bans given a length of their own, each on its host.
    pub hosts: bangui_core::hosts::Hosts,
    /// Notifications, and the queue their deliveries' attempts are on.
    pub notify: bangui_core::notify::NotifyService,
    pub deliveries: deliveries::DeliveryStorage,
}

/// The running workers.
pub struct Workers {
    stop: CancellationToken,
    task: JoinHandle<()>,
    delivering: JoinHandle<()>,
}

impl Workers {
    /// Starts every worker.
    pub async fn start(deps: WorkerDeps) -> Result<Workers, JobsError> {
        let housekeeping = housekeeping::Housekeeping {
            db: deps.db.clone(),
            idle_secs: i64::try_from(deps.session_idle.as_secs()).unwrap_or(i64::MAX),
            archive_retention_secs: (!deps.archive_retention.is_zero())
                .then(|| i64::try_from(deps.archive_retention.as_secs()).unwrap_or(i64::MAX)),
        };
        let archive_sync = deps.fail2ban_db.map(|reader| sync::ArchiveSync {
            db: deps.db.clone(),
            reader,
            geo: deps.geo.clone(),
            unbans: deps.unbans,
            written: deps.written,
            failing: Default::default(),
        });
        let sync_every = Every(deps.sync_interval);
        let geo_upkeep = geo::GeoUpkeep {
            db: deps.db,
            geo: deps.geo,
            retention: deps.geo_retention,
        };
        let importer = deps.importer;
        let ignore_expiry = ignores::IgnoreExpiry {
            db: geo_upkeep.db.clone(),
            configuration: deps.configuration,
            hosts: deps.hosts.clone(),
        };
        let expiry_every = Every(deps.ignore_expiry_interval);
        let timed_unbans = timed_unbans::TimedUnbans {
            db: geo_upkeep.db.clone(),
            hosts: deps.hosts,
        };
        let notify = deps.notify;
        let delivery_storage = deps.deliveries;
        let watch = notify_watch::NotifyWatch {
            db: geo_upkeep.db.clone(),
            notify: notify.clone(),
            hosts: timed_unbans.hosts.clone(),
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
            })
            .register(move |_| {
                WorkerBuilder::new("blocklist-imports")
                    .backend(CronScheduler::new(Every(Duration::from_secs(2))))
                    .data(importer.clone())
                    .build(imports::run)
            })
            .register(move |_| {
                WorkerBuilder::new("geo-upkeep")
                    .backend(CronScheduler::new(Every(Duration::from_secs(30))))
                    .data(geo_upkeep.clone())
                    .build(geo::run)
            })
            .register(move |_| {
                WorkerBuilder::new("ignore-expiry")
                    .backend(CronScheduler::new(expiry_every))
                    .data(ignore_expiry.clone())
                    .build(ignores::run)
            })
            .register(move |_| {
                WorkerBuilder::new("notify-watch")
                    .backend(CronScheduler::new(Every(Duration::from_secs(5))))
                    .data(watch.clone())
                    .build(notify_watch::run)
            })
            .register(move |_| {
                WorkerBuilder::new("timed-unbans")
                    .backend(CronScheduler::new(Every(Duration::from_secs(1))))
                    .data(timed_unbans.clone())
                    .build(timed_unbans::run)
            });
        let monitor = match archive_sync {
            Some(archive_sync) => monitor.register(move |_| {
                WorkerBuilder::new("archive-sync")
                    .backend(CronScheduler::new(sync_every))
                    .data(archive_sync.clone())
                    .build(sync::run)
            }),
            None => monitor,
        };
        let delivering = tokio::spawn(deliveries::supervise(
            delivery_storage,
            notify,
            stop.clone(),
        ));
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
        Ok(Workers {
            stop,
            task,
            delivering,
        })
    }

    /// Stops every worker, letting running jobs finish.
    pub async fn stop(self) {
        self.stop.cancel();
        if let Err(e) = self.task.await {
            warn!(error = %e, "worker task ended abnormally");
        }
        if let Err(e) = self.delivering.await {
            warn!(error = %e, "the delivery worker ended abnormally");
        }
    }
}
