//! The figures `/metrics` reads at each scrape: fail2ban and its jails, the
//! archive by jail and origin and its sync's lag, import runs by status and
//! their durations, WebSockets, the event bus, the database pool and its
//! statements.

use std::time::{Duration, Instant};

use prometheus_client::encoding::{EncodeLabelSet, EncodeMetric, MetricEncoder, NoLabelSet};
use prometheus_client::metrics::MetricType;
use prometheus_client::metrics::counter::ConstCounter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::state::AppState;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct JailLabels {
    jail: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StatusLabels {
    status: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PoolLabels {
    state: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ArchiveLabels {
    jail: String,
    origin: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabels {
    outcome: String,
}

/// How long the archive's counts by jail and origin are kept: counting them
/// reads every archived ban.
const ARCHIVE_COUNTS_FOR: Duration = Duration::from_secs(60);

/// Upper bounds, in seconds, of the import run duration buckets.
const IMPORT_BOUNDS: [i64; 8] = [1, 5, 15, 60, 300, 900, 3_600, 14_400];

/// A histogram whose buckets were counted elsewhere (by the database).
#[derive(Debug)]
struct CountedHistogram {
    /// `(upper bound, runs in this bucket alone)`, the last bound `f64::MAX`.
    buckets: Vec<(f64, u64)>,
    sum: f64,
    count: u64,
}

impl EncodeMetric for CountedHistogram {
    fn encode(&self, mut encoder: MetricEncoder) -> Result<(), std::fmt::Error> {
        encoder.encode_histogram::<NoLabelSet>(self.sum, self.count, &self.buckets, None)
    }

    fn metric_type(&self) -> MetricType {
        MetricType::Histogram
    }
}

fn counter(registry: &mut Registry, name: &str, help: &str, value: u64) {
    registry.register(name, help, ConstCounter::new(value));
}

fn gauge(registry: &mut Registry, name: &str, help: &str, value: i64) {
    let gauge = Gauge::<i64>::default();
    gauge.set(value);
    registry.register(name, help, gauge);
}

/// A registry holding the figures as they are now.
pub async fn read(state: &AppState) -> Registry {
    let mut registry = Registry::with_prefix("bangui");
    // This machine's fail2ban, when it has one.
    if state.hosts.local_present() {
        fail2ban_gauges(state, &mut registry).await;
    }
    let runs = Family::<StatusLabels, Gauge>::default();
    for status in <entity::kinds::ImportStatus as sea_orm::Iterable>::iter() {
        let count = entity::import_run::Entity::find()
            .filter(entity::import_run::Column::Status.eq(status))
            .count(&state.db)
            .await
            .unwrap_or(0);
        runs.get_or_create(&StatusLabels {
            status: status.as_str().to_owned(),
        })
        .set(i64::try_from(count).unwrap_or(i64::MAX));
    }
    registry.register("import_runs", "Blocklist import runs by status", runs);
    if let Ok(durations) = bangui_core::blocklist::queue::durations(&state.db, &IMPORT_BOUNDS).await
    {
        let mut buckets: Vec<(f64, u64)> = IMPORT_BOUNDS
            .iter()
            .zip(&durations.buckets)
            .map(|(bound, n)| (*bound as f64, *n))
            .collect();
        // The encoder writes the top bound, f64::MAX, as +Inf.
        buckets.push((f64::MAX, durations.beyond));
        registry.register(
            "import_run_duration_seconds",
            "How long finished blocklist import runs took",
            CountedHistogram {
                buckets,
                sum: durations.sum_secs as f64,
                count: durations.count,
            },
        );
    }
    let archived = Family::<ArchiveLabels, Gauge>::default();
    for (jail, origin, bans) in archive_counts(state).await {
        archived
            .get_or_create(&ArchiveLabels { jail, origin })
            .set(bans);
    }
    registry.register(
        "archive_bans",
        "Bans in the archive by jail and origin (counted at most once a minute)",
        archived,
    );
    gauge(
        &mut registry,
        "websocket_connections",
        "WebSocket connections open now",
        i64::try_from(state.sockets.len()).unwrap_or(i64::MAX),
    );
    gauge(
        &mut registry,
        "event_subscribers",
        "Subscribers of this instance's archive events",
        i64::try_from(state.events.subscribers()).unwrap_or(i64::MAX),
    );
    counter(
        &mut registry,
        "events_published",
        "Archive events this instance broadcast to its subscribers",
        state.events.published(),
    );
    counter(
        &mut registry,
        "event_subscribers_lagged",
        "Times a subscriber fell behind the broadcast and caught up from the archive",
        state.events.lagged(),
    );
    let pool = Family::<PoolLabels, Gauge>::default();
    let (size, idle) = bangui_core::db::pool_size(&state.db);
    pool.get_or_create(&PoolLabels {
        state: "in_use".to_owned(),
    })
    .set(i64::from(size.saturating_sub(idle)));
    pool.get_or_create(&PoolLabels {
        state: "idle".to_owned(),
    })
    .set(i64::from(idle));
    registry.register("db_connections", "Database pool connections by state", pool);
    let (succeeded, failed) = bangui_core::statements::totals();
    registry.register(
        "db_statements",
        "SQL statements run by this process, succeeded or failed",
        StatementTotals { succeeded, failed },
    );
    registry
}

/// The process's statement counters, by outcome.
#[derive(Debug)]
struct StatementTotals {
    succeeded: u64,
    failed: u64,
}

impl EncodeMetric for StatementTotals {
    fn encode(&self, mut encoder: MetricEncoder) -> Result<(), std::fmt::Error> {
        for (outcome, value) in [("ok", self.succeeded), ("error", self.failed)] {
            let labels = OutcomeLabels {
                outcome: outcome.to_owned(),
            };
            encoder
                .encode_family(&labels)?
                .encode_counter::<NoLabelSet, _, u64>(&value, None)?;
        }
        Ok(())
    }

    fn metric_type(&self) -> MetricType {
        MetricType::Counter
    }
}

/// The archive's bans by jail and origin, counted again when a minute old.
async fn archive_counts(state: &AppState) -> Vec<(String, String, i64)> {
    let mut kept = state.metrics.archived.lock().await;
    if let Some((at, counts)) = kept.as_ref()
        && at.elapsed() < ARCHIVE_COUNTS_FOR
    {
        return counts.clone();
    }
    match bangui_core::archive::count_by_jail_and_origin(&state.db).await {
        Ok(counts) => {
            *kept = Some((Instant::now(), counts.clone()));
            counts
        }
        Err(e) => {
            tracing::warn!(error = %e, "the archive could not be counted for /metrics");
            kept.as_ref().map(|(_, c)| c.clone()).unwrap_or_default()
        }
    }
}

/// The local fail2ban's figures: up, bans and failures per jail, and how far
/// the archive lags behind its database.
async fn fail2ban_gauges(state: &AppState, registry: &mut Registry) {
    let status = state.health.probe_fail2ban().await.probe;
    gauge(
        registry,
        "fail2ban_up",
        "1 when fail2ban-server answers on its socket",
        i64::from(status.reachable),
    );
    // Bans from fail2ban's database (one count, however many are banned);
    // failures from each jail's status.
    let banned = Family::<JailLabels, Gauge>::default();
    let now = bangui_core::time::now();
    if let Ok(counts) = state.fail2ban.reader().count_current(now).await {
        for (jail, count) in counts {
            banned
                .get_or_create(&JailLabels { jail })
                .set(i64::try_from(count).unwrap_or(i64::MAX));
        }
    }
    let failed = Family::<JailLabels, Gauge>::default();
    if status.reachable {
        for jail in &status.jails {
            if let Ok(now) = state.fail2ban.status(jail).await {
                failed
                    .get_or_create(&JailLabels { jail: jail.clone() })
                    .set(now.currently_failed);
            }
        }
    }
    registry.register("jail_banned", "Addresses a jail bans now", banned);
    registry.register("jail_failed", "Failures a jail counts now", failed);
    gauge(
        registry,
        "archive_sync_lag_seconds",
        "Seconds since the archive last copied fail2ban's database",
        sync_lag(state).await,
    );
}

/// How old the oldest ban of fail2ban's database not yet archived is, in
/// seconds: 0 when the archive has caught up, -1 when fail2ban's database
/// cannot be read.
async fn sync_lag(state: &AppState) -> i64 {
    let cursor = entity::sync_state::Entity::find_by_id(bangui_core::sync::CURSOR.to_owned())
        .one(&state.db)
        .await
        .ok()
        .flatten()
        .and_then(|r| r.cursor.parse::<i64>().ok())
        .unwrap_or(0);
    match state.fail2ban.reader().bans_after(cursor, 1).await {
        Ok(rows) => rows
            .first()
            .map_or(0, |r| (bangui_core::time::now() - r.time_of_ban).max(0)),
        Err(_) => -1,
    }
}
