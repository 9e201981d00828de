//! Health types, shared by `Query.health` and `/readyz`.

use async_graphql::{Context, Object, SimpleObject};
use bangui_core::health::{DatabaseHealth, Fail2banHealth};
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::graphql::context::app;

/// The parts' states as `/readyz` reports them, all checked now.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HealthReport {
    pub status: String,
    pub version: String,
    pub database: DatabaseStatus,
    pub fail2ban: Fail2banStatus,
}

impl HealthReport {
    pub fn new(database: DatabaseHealth, fail2ban: Fail2banHealth) -> HealthReport {
        HealthReport {
            status: status_of(&database).to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            database: database.into(),
            fail2ban: fail2ban.into(),
        }
    }
}

/// Overall health; each part is checked only when it is asked for.
pub struct Health;

/// Overall health.
#[Object]
impl Health {
    /// `ok` when the database answers and has room to write, `degraded` otherwise.
    async fn status(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        let database = app(ctx)?.health.database().await;
        Ok(status_of(&database).to_owned())
    }

    /// BanGUI's version.
    async fn version(&self) -> &'static str {
        env!("CARGO_PKG_VERSION")
    }

    /// The database's state.
    async fn database(&self, ctx: &Context<'_>) -> async_graphql::Result<DatabaseStatus> {
        Ok(app(ctx)?.health.database().await.into())
    }

    /// fail2ban's state.
    #[graphql(name = "fail2ban")]
    async fn fail2ban(&self, ctx: &Context<'_>) -> async_graphql::Result<Fail2banStatus> {
        Ok(app(ctx)?.health.fail2ban().await.into())
    }
}

fn status_of(database: &DatabaseHealth) -> &'static str {
    if database.serves() { "ok" } else { "degraded" }
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

impl From<DatabaseHealth> for DatabaseStatus {
    fn from(health: DatabaseHealth) -> Self {
        DatabaseStatus {
            ok: health.ok,
            backend: health.backend.to_owned(),
            disk_full: health.disk_full,
        }
    }
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

impl From<Fail2banHealth> for Fail2banStatus {
    fn from(health: Fail2banHealth) -> Self {
        Fail2banStatus {
            reachable: health.probe.reachable,
            version: health.probe.version,
            jails: health.probe.jails,
            checked_at: health.checked_at,
        }
    }
}
