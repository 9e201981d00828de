//! A local HTTP server that receives notifications: it records every request
//! (method, path, headers, body) and answers with the statuses it is told
//! to, then 200.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};

use crate::lists::serve;

/// One request as received.
#[derive(Clone, Debug)]
pub struct Received {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    /// The value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

#[derive(Default)]
struct Log {
    received: Vec<Received>,
    answers: VecDeque<u16>,
}

/// The receiver; clones share its log.
#[derive(Clone)]
pub struct Receiver {
    log: Arc<Mutex<Log>>,
    pub base: String,
}

impl Receiver {
    pub async fn start() -> Receiver {
        let log = Arc::new(Mutex::new(Log::default()));
        let app = Router::new().fallback(receive).with_state(log.clone());
        Receiver {
            log,
            base: serve(app).await,
        }
    }

    /// Answers the next requests with these statuses, then 200 again.
    pub fn answer(&self, statuses: &[u16]) {
        self.lock().answers.extend(statuses);
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Every request so far.
    pub fn received(&self) -> Vec<Received> {
        self.lock().received.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Log> {
        self.log
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

async fn receive(
    State(log): State<Arc<Mutex<Log>>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let mut log = log
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    log.received.push(Received {
        method: method.to_string(),
        path: uri
            .path_and_query()
            .map_or_else(|| uri.path().to_owned(), ToString::to_string),
        headers: headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or_default().to_owned()))
            .collect(),
        body: body.to_vec(),
    });
    let status = log.answers.pop_front().unwrap_or(200);
    StatusCode::from_u16(status).unwrap_or(StatusCode::OK)
}
