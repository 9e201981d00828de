//! Liveness and readiness endpoints.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::graphql::health::types::HealthReport;
use crate::state::AppState;

/// Liveness: the process serves requests.
pub async fn healthz() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// Readiness: 200 when the database answers and its disk is not full, 503
/// otherwise, with the parts' states.
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<HealthReport>) {
    let (database, fail2ban) = state.health.check_now().await;
    let code = if database.serves() {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (code, Json(HealthReport::new(database, fail2ban)))
}
