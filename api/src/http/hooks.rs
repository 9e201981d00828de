//! `POST /hooks/fail2ban`: fail2ban's `bangui` action calls it on every ban and
//! unban, so the archive (and every subscriber) hears of it at once instead of at
//! the next sync tick; `?event=unban` has the sync compare fail2ban's current
//! bans with the archive's at once. Needs an API token or session of OPERATOR or above.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use bangui_core::Role;
use serde_json::json;
use std::time::Duration;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tracing::warn;

use crate::request;
use crate::state::AppState;

/// `?event=unban` from the action's `actionunban`.
#[derive(Debug, Default, serde::Deserialize)]
pub struct HookEvent {
    event: Option<String>,
}

pub async fn fail2ban(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Query(hook): Query<HookEvent>,
    headers: HeaderMap,
) -> Response {
    let allowed = match request::identify(&state, &headers, peer).await {
        Ok(request) if !request.via_cookie => {
            request.credential.map(|c| c.actor.role >= Role::Operator)
        }
        _ => None,
    };
    match allowed {
        None => {
            return (
                StatusCode::UNAUTHORIZED,
                Json(json!({ "error": "send an API token as Authorization: Bearer" })),
            )
                .into_response();
        }
        Some(false) => {
            return (
                StatusCode::FORBIDDEN,
                Json(json!({ "error": "this needs the OPERATOR role" })),
            )
                .into_response();
        }
        Some(true) => {}
    }
    // fail2ban writes the ban to its database after running the action, so the
    // sync runs in the background, a few times over the next seconds.
    if hook.event.as_deref() == Some("unban") {
        state.unbans.want();
    }
    state.sync_wanted.notify_one();
    (StatusCode::ACCEPTED, Json(json!({ "sync": "requested" }))).into_response()
}

/// Pauses before each sync attempt after a hook call: fail2ban's database write
/// follows its actions within milliseconds to a second or so.
const ATTEMPTS_MS: [u64; 6] = [50, 100, 250, 500, 1_000, 2_000];

/// Runs the archive sync whenever a hook asks, until `stop`. Requests that
/// arrive while one runs are merged into the next round.
pub fn sync_on_demand(state: AppState, stop: CancellationToken) -> JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            tokio::select! {
                () = stop.cancelled() => return,
                () = state.sync_wanted.notified() => {}
            }
            for pause in ATTEMPTS_MS {
                tokio::time::sleep(Duration::from_millis(pause)).await;
                let step = bangui_core::sync::step(
                    &state.db,
                    state.fail2ban.reader(),
                    &state.geo,
                    &state.unbans,
                );
                match step.await {
                    Ok(step) if step.archived > 0 || step.ended > 0 => {
                        state.events.written().notify();
                        break;
                    }
                    Ok(_) => {}
                    Err(e) => {
                        warn!(error = %e, "sync requested by fail2ban failed");
                        break;
                    }
                }
            }
        }
    })
}
