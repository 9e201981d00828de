//! Health types, shared by `Query.health` and `/readyz`.

use std::time::{Duration, Instant};

use async_graphql::{Context, Object, SimpleObject};
use chrono::{DateTime, Utc};
use serde::Serialize;

use bangui_core::jails::Probe;

use crate::graphql::context::app;
use crate::state::AppState;

/// The parts' states as `/readyz` reports them, all checked now.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HealthReport {
    pub status: String,
    pub version: String,
    pub database: DatabaseStatus,
    pub fail2ban: Fail2banStatus,
}

/// How long a check answers the health queries that follow it: a monitor
/// asking many times a second costs one database query and one question to
/// fail2ban per quarter of a second.
const FRESH_FOR: Duration = Duration::from_millis(250);

/// The latest checks, shared by the health queries of one server.
#[derive(Default)]
pub struct RecentChecks {
    database: Recent<DatabaseStatus>,
    fail2ban: Recent<Fail2banStatus>,
}

/// One part's latest check: read without waiting while it is fresh; when it
/// is stale, one query checks again and the others wait for its answer.
struct Recent<T> {
    latest: std::sync::Mutex<Option<(Instant, T)>>,
    checking: tokio::sync::Mutex<()>,
}

impl<T> Default for Recent<T> {
    fn default() -> Self {
        Self {
            latest: std::sync::Mutex::new(None),
            checking: tokio::sync::Mutex::new(()),
        }
    }
}

impl<T: Clone> Recent<T> {
    fn fresh(&self) -> Option<T> {
        let latest = self
            .latest
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        latest
            .as_ref()
            .filter(|(at, _)| at.elapsed() < FRESH_FOR)
            .map(|(_, value)| value.clone())
    }

    async fn get<F: std::future::Future<Output = T>>(&self, check: F) -> T {
        if let Some(value) = self.fresh() {
            return value;
        }
        let _checking = self.checking.lock().await;
        // Another query may have checked while this one waited.
        if let Some(value) = self.fresh() {
            return value;
        }
        let value = check.await;
        *self
            .latest
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) =
            Some((Instant::now(), value.clone()));
        value
    }
}

impl RecentChecks {
    /// The database's state, checked again when the last check is stale.
    async fn database(&self, state: &AppState) -> DatabaseStatus {
        self.database.get(DatabaseStatus::check(state)).await
    }

    /// fail2ban's state, likewise.
    async fn fail2ban(&self, state: &AppState) -> Fail2banStatus {
        self.fail2ban.get(Fail2banStatus::probe(state)).await
    }
}

/// Overall health; each part is checked only when it is asked for.
pub struct Health;

/// Overall health.
#[Object]
impl Health {
    /// `ok` when the database answers and has room to write, `degraded` otherwise.
    async fn status(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(status_of(&self.database(ctx).await?).to_owned())
    }

    /// BanGUI's version.
    async fn version(&self) -> &'static str {
        env!("CARGO_PKG_VERSION")
    }

    /// The database's state.
    async fn database(&self, ctx: &Context<'_>) -> async_graphql::Result<DatabaseStatus> {
        let checks = ctx.data::<RecentChecks>()?;
        Ok(checks.database(app(ctx)?).await)
    }

    /// fail2ban's state.
    #[graphql(name = "fail2ban")]
    async fn fail2ban(&self, ctx: &Context<'_>) -> async_graphql::Result<Fail2banStatus> {
        let checks = ctx.data::<RecentChecks>()?;
        Ok(checks.fail2ban(app(ctx)?).await)
    }
}

fn status_of(database: &DatabaseStatus) -> &'static str {
    if database.ok && !database.disk_full {
        "ok"
    } else {
        "degraded"
    }
}

/// The database's state.
#[derive(SimpleObject, Serialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct DatabaseStatus {
    /// Whether the database answered a query just now.
    pub ok: bool,
    /// `sqlite` or `postgres`.
    pub backend: String,
    /// Whether the disk holding the SQLite database has less free space than
    /// `min_free_disk_mb` (64 MiB unless set), so writes may fail; always false
    /// on PostgreSQL.
    pub disk_full: bool,
}

/// fail2ban's state as last checked.
#[derive(SimpleObject, Serialize, Clone)]
#[graphql(name = "Fail2banStatus")]
#[serde(rename_all = "camelCase")]
pub struct Fail2banStatus {
    /// Whether fail2ban-server answered on its socket.
    pub reachable: bool,
    /// fail2ban's version, when reachable.
    pub version: Option<String>,
    /// Names of the jails fail2ban runs.
    pub jails: Vec<String>,
    /// When this was checked.
    pub checked_at: DateTime<Utc>,
}

impl DatabaseStatus {
    /// Asks the database now and reads its disk's free space.
    pub async fn check(state: &AppState) -> DatabaseStatus {
        let ok = bangui_core::db::ping(&state.db).await;
        let disk_full = bangui_core::db::disk_free(state.config.database_url.expose())
            .is_some_and(|free| free < state.config.min_free_disk);
        DatabaseStatus {
            ok,
            backend: bangui_core::db::backend_name(&state.db).to_owned(),
            disk_full,
        }
    }
}

impl HealthReport {
    /// Checks every part now.
    pub async fn check(state: &AppState) -> HealthReport {
        let (database, fail2ban) =
            tokio::join!(DatabaseStatus::check(state), Fail2banStatus::probe(state));
        HealthReport {
            status: status_of(&database).to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            database,
            fail2ban,
        }
    }
}

impl Fail2banStatus {
    /// Asks fail2ban now (waiting at most two seconds).
    pub async fn probe(state: &AppState) -> Fail2banStatus {
        let probe = probe(state).await;
        Fail2banStatus {
            reachable: probe.reachable,
            version: probe.version,
            jails: probe.jails,
            checked_at: Utc::now(),
        }
    }
}

/// How long a health check waits for fail2ban.
const PROBE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(2);

async fn probe(state: &AppState) -> Probe {
    tokio::time::timeout(PROBE_TIMEOUT, state.fail2ban.probe())
        .await
        .unwrap_or(Probe {
            reachable: false,
            version: None,
            jails: Vec::new(),
        })
}
