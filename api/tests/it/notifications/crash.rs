//! `bangui serve` killed with SIGKILL while deliveries wait for their next
//! attempt, or while one is being sent: the next process sends each one, and
//! the receiver, counting the messages it took by `X-BanGUI-Delivery`, takes
//! each exactly once.

use std::collections::BTreeMap;
use std::process::{Child, Command};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bangui_test_support::receiver::Receiver;
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestDb};

/// Deliveries pending when the process dies.
const PENDING: usize = 5;

/// A `bangui serve` process on a port of its own, killed when dropped.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    async fn start(db: &TestDb) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(env!("CARGO_BIN_EXE_bangui"))
            .arg("serve")
            .env("BANGUI_DATABASE_URL", &db.url)
            .env("BANGUI_LISTEN", format!("127.0.0.1:{port}"))
            .env("BANGUI_FAIL2BAN_SOCKET", "/nonexistent/fail2ban.sock")
            .env("BANGUI_WEB_DIR", "/nonexistent/web")
            .env("BANGUI_NOTIFY_ALLOW_PRIVATE_URLS", "true")
            .env("BANGUI_NOTIFY_RETRY_BASE_SECS", "4")
            .env("BANGUI_LOG_LEVEL", "warn")
            .spawn()
            .expect("bangui serve starts");
        let server = Server {
            child,
            base: format!("http://127.0.0.1:{port}"),
        };
        let started = Instant::now();
        let client = reqwest::Client::new();
        while client
            .get(format!("{}/healthz", server.base))
            .send()
            .await
            .is_err()
        {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "bangui serve did not start"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        server
    }

    async fn gql(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let mut request = reqwest::Client::new()
            .post(format!("{}/graphql", self.base))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.unwrap().json().await.unwrap()
    }

    /// Sets up the first admin and a webhook channel to `target`; returns
    /// the admin's token and the channel's id.
    async fn admin_and_channel(&self, target: &str) -> (String, String) {
        let setup = self
            .gql(
                None,
                "mutation($u: String!, $p: String!) { setup(username: $u, password: $p) { token } }",
                json!({ "u": "admin", "p": PASSWORD }),
            )
            .await;
        let token = setup["data"]["setup"]["token"].as_str().unwrap().to_owned();
        let created = self
            .gql(
                Some(&token),
                "mutation($i: NotificationChannelInput!) { createNotificationChannel(input: $i) { id } }",
                json!({ "i": { "name": "hook", "kind": "WEBHOOK", "target": target } }),
            )
            .await;
        let channel = created["data"]["createNotificationChannel"]["id"]
            .as_str()
            .unwrap_or_else(|| panic!("{created}"))
            .to_owned();
        (token, channel)
    }

    fn kill(&mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("reaped");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn deliveries(server: &Server, token: &str) -> Vec<Value> {
    let body = server
        .gql(
            Some(token),
            "{ deliveries(first: 50) { nodes { id status attempts } } }",
            json!({}),
        )
        .await;
    body["data"]["deliveries"]["nodes"]
        .as_array()
        .unwrap()
        .clone()
}

#[tokio::test]
async fn deliveries_pending_at_a_crash_are_each_delivered_once() {
    let db = TestDb::sqlite();
    let receiver = Receiver::start().await;
    receiver.answer(&[503; PENDING]);
    let mut first = Server::start(&db).await;
    let (token, channel) = first.admin_and_channel(&receiver.url("/hook")).await;
    for _ in 0..PENDING {
        let sent = first
            .gql(
                Some(&token),
                "mutation($id: ID!) { testNotificationChannel(id: $id) { id } }",
                json!({ "id": channel }),
            )
            .await;
        assert!(sent["errors"].is_null(), "{sent}");
    }
    // Every first attempt refused; the second ones wait in the queue.
    let started = Instant::now();
    while !deliveries(&first, &token)
        .await
        .iter()
        .all(|d| d["status"] == "RETRYING")
    {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "first attempts did not run"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    first.kill();
    assert_eq!(receiver.received().len(), PENDING);

    let second = Server::start(&db).await;
    let started = Instant::now();
    loop {
        let all = deliveries(&second, &token).await;
        if all.iter().all(|d| d["status"] == "DELIVERED") {
            assert_eq!(all.len(), PENDING);
            assert!(all.iter().all(|d| d["attempts"] == 2), "{all:?}");
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(40),
            "not delivered: {all:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Each delivery reached the receiver twice: refused once, taken once.
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for request in receiver.received() {
        *seen
            .entry(request.header("x-bangui-delivery").unwrap().to_owned())
            .or_default() += 1;
    }
    assert_eq!(seen.len(), PENDING);
    assert!(seen.values().all(|n| *n == 2), "{seen:?}");
    // Nothing more arrives later.
    tokio::time::sleep(Duration::from_secs(6)).await;
    assert_eq!(receiver.received().len(), 2 * PENDING);
}

/// A receiver that never answers its first request and takes the others:
/// the delivery id of each request, and whether it was answered.
async fn hanging_receiver() -> (String, Arc<Mutex<Vec<(String, bool)>>>) {
    let log: Arc<Mutex<Vec<(String, bool)>>> = Arc::default();
    let kept = log.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: axum::http::HeaderMap| {
            let log = kept.clone();
            async move {
                let id = headers
                    .get("x-bangui-delivery")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_owned();
                let first = {
                    let mut log = log.lock().unwrap();
                    let first = log.is_empty();
                    log.push((id, !first));
                    first
                };
                if first {
                    tokio::time::sleep(Duration::from_secs(3_600)).await;
                }
                axum::http::StatusCode::OK
            }
        }),
    );
    let base = bangui_test_support::lists::serve(app).await;
    (format!("{base}/hook"), log)
}

#[tokio::test]
async fn a_delivery_in_flight_at_a_crash_is_sent_again_with_its_id() {
    let db = TestDb::sqlite();
    let (url, log) = hanging_receiver().await;
    let mut first = Server::start(&db).await;
    let (token, channel) = first.admin_and_channel(&url).await;
    let sent = first
        .gql(
            Some(&token),
            "mutation($id: ID!) { testNotificationChannel(id: $id) { id } }",
            json!({ "id": channel }),
        )
        .await;
    let id = sent["data"]["testNotificationChannel"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{sent}"))
        .to_owned();
    let started = Instant::now();
    while log.lock().unwrap().is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "nothing was sent"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // The process dies while the receiver holds its request.
    first.kill();

    // The next process takes the job back once its holder is known dead
    // (apalis: two missed heartbeats) and its lease is over.
    let second = Server::start(&db).await;
    let started = Instant::now();
    loop {
        let all = deliveries(&second, &token).await;
        if all.iter().any(|d| d["status"] == "DELIVERED") {
            assert_eq!(
                all,
                vec![json!({ "id": id, "status": "DELIVERED", "attempts": 1 })]
            );
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(150),
            "not delivered: {all:?}"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert_eq!(
        *log.lock().unwrap(),
        vec![(id.clone(), false), (id.clone(), true)]
    );
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(log.lock().unwrap().len(), 2);
}
