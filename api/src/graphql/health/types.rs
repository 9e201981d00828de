//! Health types, shared by `Query.health` and `/readyz`.

use async_graphql::SimpleObject;
use chrono::{DateTime, Utc};
use serde::Serialize;

use bangui_core::jails::Probe;

use crate::state::AppState;

/// Overall health.
#[derive(SimpleObject, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Health {
    /// `ok` when the database answers and has room to write, `degraded` otherwise.
    pub status: String,
    /// BanGUI's version.
    pub version: String,
    /// The database's state.
    pub database: DatabaseStatus,
    /// fail2ban's state.
    #[graphql(name = "fail2ban")]
    pub fail2ban: Fail2banStatus,
}

/// The database's state.
#[derive(SimpleObject, Serialize)]
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

impl Health {
    /// Checks every part now.
    pub async fn check(state: &AppState) -> Health {
        let (ok, fail2ban) = tokio::join!(
            bangui_core::db::ping(&state.db),
            Fail2banStatus::probe(state)
        );
        let disk_full = bangui_core::db::disk_free(&state.config.database_url)
            .is_some_and(|free| free < state.config.min_free_disk);
        Health {
            status: if ok && !disk_full { "ok" } else { "degraded" }.to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            database: DatabaseStatus {
                ok,
                backend: bangui_core::db::backend_name(&state.db).to_owned(),
                disk_full,
            },
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
