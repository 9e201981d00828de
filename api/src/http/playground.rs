//! `GET /playground`: GraphiQL from the web bundle, for signed-in users only.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

use crate::http::web;
use crate::request;
use crate::state::AppState;

/// Serves `playground.html` of the built dashboard to a signed-in user; others
/// are sent to the sign-in page.
pub async fn playground(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    if !state.config.introspection {
        return (
            StatusCode::NOT_FOUND,
            "The playground is switched off on this server.\n",
        )
            .into_response();
    }
    let signed_in = request::identify(&state, &headers, peer)
        .await
        .is_ok_and(|a| a.credential.is_some());
    if !signed_in {
        return Redirect::to("/login?next=/playground").into_response();
    }
    let source = web::Source::select(state.config.web_dir.as_deref());
    match source.read("playground.html").await {
        Some(page) => (
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            page,
        )
            .into_response(),
        None => (
            StatusCode::NOT_FOUND,
            "The playground is part of the web dashboard, which is not built: run `make web`.\n",
        )
            .into_response(),
    }
}
