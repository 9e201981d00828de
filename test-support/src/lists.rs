//! Local HTTP servers that publish lists, as blocklist providers do.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;

/// Serves `app` on a free port of 127.0.0.1; returns `http://127.0.0.1:PORT`.
pub async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    let addr = listener.local_addr().expect("a bound address");
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

/// A list server whose list the test changes as it goes: `/list.txt` with an
/// ETag (answering 304 to a matching `If-None-Match`), `/plain.txt` without
/// validators, `/missing.txt` a 404.
#[derive(Clone)]
pub struct ListServer {
    body: Arc<Mutex<String>>,
    pub base: String,
}

impl ListServer {
    pub async fn start(body: &str) -> ListServer {
        let shared = Arc::new(Mutex::new(body.to_owned()));
        let app = Router::new()
            .route("/list.txt", get(validated))
            .route("/plain.txt", get(plain))
            .route("/missing.txt", get(|| async { StatusCode::NOT_FOUND }))
            .with_state(shared.clone());
        ListServer {
            body: shared,
            base: serve(app).await,
        }
    }

    /// The list served from now on.
    pub fn set(&self, body: &str) {
        *self.body.lock().expect("list lock") = body.to_owned();
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

type Shared = Arc<Mutex<String>>;

fn current(body: &Shared) -> String {
    body.lock().map(|b| b.clone()).unwrap_or_default()
}

async fn validated(State(body): State<Shared>, headers: HeaderMap) -> impl IntoResponse {
    let body = current(&body);
    let etag = format!("\"{}\"", body.len());
    if headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.to_str().unwrap_or("") == etag)
    {
        return (
            StatusCode::NOT_MODIFIED,
            [(header::ETAG, etag)],
            String::new(),
        );
    }
    (StatusCode::OK, [(header::ETAG, etag)], body)
}

async fn plain(State(body): State<Shared>) -> String {
    current(&body)
}
