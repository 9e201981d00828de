//! `/metrics` and the middleware that counts every request.

use std::net::SocketAddr;
use std::time::Instant;

use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::state::AppState;

/// Middleware counting requests by route (never by raw path, to bound cardinality).
pub async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "other".to_owned(), |p| p.as_str().to_owned());
    let method = method_label(req.method()).to_owned();
    let start = Instant::now();
    let response = next.run(req).await;
    state.metrics.observe(
        &method,
        &route,
        response.status().as_u16(),
        start.elapsed().as_secs_f64(),
    );
    response
}

/// The method as a label: the standard ones by name, anything else as one
/// value, so made-up methods cannot add series.
fn method_label(method: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        Method::PATCH => "PATCH",
        Method::CONNECT => "CONNECT",
        Method::TRACE => "TRACE",
        _ => "OTHER",
    }
}

/// Who may read `/metrics`: anyone with `metrics_public`, else a client on
/// loopback (behind a trusted proxy, the client the proxy names) or an ADMIN
/// token.
async fn allowed(
    state: &AppState,
    headers: &axum::http::HeaderMap,
    peer: SocketAddr,
) -> Result<(), Response> {
    if state.config.metrics_public {
        return Ok(());
    }
    let Ok(request) = crate::request::identify(state, headers, peer).await else {
        return Err(StatusCode::SERVICE_UNAVAILABLE.into_response());
    };
    let loopback = request
        .client_addr
        .parse::<std::net::IpAddr>()
        .is_ok_and(|ip| ip.is_loopback());
    match request.credential {
        _ if loopback => Ok(()),
        Some(c) if c.actor.role >= bangui_core::Role::Admin => Ok(()),
        Some(_) => Err((StatusCode::FORBIDDEN, "/metrics needs the ADMIN role").into_response()),
        None => Err((
            StatusCode::UNAUTHORIZED,
            "/metrics answers loopback clients and ADMIN tokens (Authorization: Bearer)",
        )
            .into_response()),
    }
}

/// `GET /metrics`.
pub async fn render(
    State(state): State<AppState>,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<SocketAddr>,
    headers: axum::http::HeaderMap,
) -> Response {
    if let Err(refused) = allowed(&state, &headers, peer).await {
        return refused;
    }
    let now = super::gauges::read(&state).await;
    match state.metrics.encode(&now) {
        Ok(text) => (
            [(
                header::CONTENT_TYPE,
                "application/openmetrics-text; version=1.0.0; charset=utf-8",
            )],
            Body::from(text),
        )
            .into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}
