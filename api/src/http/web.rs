//! Serves the built web dashboard, with the single-page-app fallback to index.html.

use std::path::Path;

use axum::Router;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use tower_http::services::{ServeDir, ServeFile};

use crate::state::AppState;

/// Routes for `/` and the dashboard's assets.
pub fn routes(web_dir: &Path) -> Router<AppState> {
    let index = web_dir.join("index.html");
    if index.is_file() {
        let serve = ServeDir::new(web_dir)
            .append_index_html_on_directories(true)
            .fallback(ServeFile::new(index));
        Router::new().fallback_service(serve)
    } else {
        Router::new().fallback(not_built)
    }
}

async fn not_built() -> impl IntoResponse {
    (
        StatusCode::NOT_FOUND,
        "The web dashboard is not built: run `make web`, or use the API at /graphql.\n",
    )
}
