//! Health types, shared by `Query.health` and `/readyz`.

use async_graphql::SimpleObject;
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::state::AppState;

/// Overall health.
#[derive(SimpleObject, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Health {
    /// `ok` when the database answers, `degraded` otherwise.
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
pub struct DatabaseStatus {
    /// Whether the database answered a query just now.
    pub ok: bool,
    /// `sqlite` or `postgres`.
    pub backend: String,
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
        let ok = bangui_core::db::ping(&state.db).await;
        Health {
            status: if ok { "ok" } else { "degraded" }.to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            database: DatabaseStatus {
                ok,
                backend: bangui_core::db::backend_name(&state.db).to_owned(),
            },
            fail2ban: Fail2banStatus {
                reachable: false,
                version: None,
                jails: Vec::new(),
                checked_at: Utc::now(),
            },
        }
    }
}
