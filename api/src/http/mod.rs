//! HTTP routes: GraphQL, health, metrics, exports and the web dashboard.

pub mod agent;
pub mod cache;
pub mod export;
pub mod gauges;
pub mod graphql;
pub mod health;
pub mod hooks;
pub mod media;
pub mod metrics;
pub mod playground;
pub mod serve;
pub mod web;
pub mod ws;
pub mod ws_rules;

use std::time::Duration;

use axum::routing::get;
use axum::{Extension, Router};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::state::AppState;

/// Largest request body accepted (GraphQL documents and variables).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Builds the whole router.
pub fn router(state: AppState) -> Router {
    let timeout = state.config.request_timeout;
    let schema = crate::graphql::build(Some(state.clone()));
    let api = Router::new()
        .route("/graphql", get(graphql::handler).post(graphql::handler))
        .route("/graphql/ws", get(ws::websocket))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::render))
        .route("/export/bans", get(export::bans))
        .route("/playground", get(playground::playground))
        .route("/hooks/fail2ban", axum::routing::post(hooks::fail2ban))
        .route(bangui_agent::protocol::AGENT_PATH, get(agent::websocket))
        .layer(Extension(schema))
        .layer(Extension(graphql::HttpSchema(crate::graphql::build_bare(
            state.clone(),
        ))))
        .layer(TimeoutLayer::with_status_code(
            http::StatusCode::REQUEST_TIMEOUT,
            timeout,
        ));
    api.merge(web::routes(state.config.web_dir.as_deref()))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(axum::middleware::map_response(too_large_as_json))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &http::Request<_>| {
                    tracing::info_span!(
                        "request",
                        method = %req.method(),
                        path = %req.uri().path(),
                        operation = tracing::field::Empty,
                    )
                })
                .on_request(())
                .on_response(
                    |res: &http::Response<_>, latency: Duration, _span: &tracing::Span| {
                        tracing::info!(
                            status = res.status().as_u16(),
                            latency_ms = (latency.as_secs_f64() * 1e6).round() / 1e3,
                            "response"
                        );
                    },
                )
                .on_failure(()),
        )
        .with_state(state)
}

/// The body limit's own refusal (plain text) as a GraphQL error with a code.
async fn too_large_as_json(response: axum::response::Response) -> axum::response::Response {
    use axum::response::IntoResponse;
    let plain = response.status() == http::StatusCode::PAYLOAD_TOO_LARGE
        && !response
            .headers()
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("json"));
    if !plain {
        return response;
    }
    let body = serde_json::json!({
        "errors": [{
            "message": format!("the request body is larger than {MAX_BODY_BYTES} bytes"),
            "extensions": { "code": crate::graphql::error::ErrorCode::BadUserInput.as_str() },
        }]
    });
    (http::StatusCode::PAYLOAD_TOO_LARGE, axum::Json(body)).into_response()
}
