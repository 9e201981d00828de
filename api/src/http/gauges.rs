//! The figures `/metrics` reads at each scrape: fail2ban and its jails, the
//! archive sync's lag, import runs by status, WebSockets, event subscribers
//! and the database pool.

use prometheus_client::encoding::EncodeLabelSet;
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

fn gauge(registry: &mut Registry, name: &str, help: &str, value: i64) {
    let gauge = Gauge::<i64>::default();
    gauge.set(value);
    registry.register(name, help, gauge);
}

/// A registry holding the figures as they are now.
pub async fn read(state: &AppState) -> Registry {
    let mut registry = Registry::with_prefix("bangui");
    let status = crate::graphql::health::types::Fail2banStatus::probe(state).await;
    gauge(
        &mut registry,
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
        &mut registry,
        "archive_sync_lag_seconds",
        "Seconds since the archive last copied fail2ban's database",
        sync_lag(state).await,
    );
    let runs = Family::<StatusLabels, Gauge>::default();
    for status in [
        bangui_core::blocklist::import::PENDING,
        bangui_core::blocklist::import::RUNNING,
        bangui_core::blocklist::import::COMPLETED,
        bangui_core::blocklist::import::FAILED,
        bangui_core::blocklist::import::SKIPPED,
    ] {
        let count = entity::import_run::Entity::find()
            .filter(entity::import_run::Column::Status.eq(status))
            .count(&state.db)
            .await
            .unwrap_or(0);
        runs.get_or_create(&StatusLabels {
            status: status.to_owned(),
        })
        .set(i64::try_from(count).unwrap_or(i64::MAX));
    }
    registry.register("import_runs", "Blocklist import runs by status", runs);
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
    registry
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
