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
    let health = HealthReport::check(&state).await;
    let code = if health.database.ok && !health.database.disk_full {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (code, Json(health))
}
