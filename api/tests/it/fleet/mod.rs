//! A hub and `bangui agent` processes, each agent beside its own sandboxed
//! fail2ban: bans and unbans per host and everywhere, agent tokens refused
//! when wrong or rotated, an incompatible protocol refused, a command to a
//! stopped agent failing at once, no ban lost or archived twice when an agent
//! is killed or the hub restarts, two hub instances on PostgreSQL, and an
//! agent host's configuration changed from the hub.

mod blocklists;
mod config;
mod hosts;
mod hub_only;
mod instances;
mod outage;
mod refusals;

use std::collections::BTreeMap;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::{self};

use crate::helpers::{Sandbox, TestApp};

/// A `bangui agent` process, killed when dropped.
pub(super) struct Agent {
    child: Child,
    state: tempfile::TempDir,
}

impl Agent {
    pub(super) fn start(hub: &str, token: &str, sandbox: &Sandbox) -> Agent {
        let state = tempfile::tempdir().unwrap();
        let child = Agent::spawn(hub, token, sandbox, &state);
        Agent { child, state }
    }

    fn spawn(hub: &str, token: &str, sandbox: &Sandbox, state: &tempfile::TempDir) -> Child {
        Command::new(env!("CARGO_BIN_EXE_bangui"))
            .arg("agent")
            .env("BANGUI_AGENT_HUB_URL", hub)
            .env("BANGUI_AGENT_TOKEN", token)
            .env("BANGUI_AGENT_STATE", state.path().join("agent.sqlite"))
            .env("BANGUI_FAIL2BAN_SOCKET", sandbox.socket())
            .env("BANGUI_FAIL2BAN_DB", sandbox.db_file())
            .env("BANGUI_FAIL2BAN_CONFIG_DIR", sandbox.config_dir())
            .env("BANGUI_LOG_LEVEL", "info")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("bangui agent starts")
    }

    /// SIGKILL, then a new process on the same queue.
    pub(super) fn kill(&mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("reaped");
    }

    pub(super) fn restart(&mut self, hub: &str, token: &str, sandbox: &Sandbox) {
        self.child = Agent::spawn(hub, token, sandbox, &self.state);
    }
}

impl Drop for Agent {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits until `check` holds, polling every 100 ms.
pub(super) async fn wait_for<F, Fut>(what: &str, limit: Duration, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let started = Instant::now();
    while !check().await {
        assert!(started.elapsed() < limit, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

pub(super) async fn add_host(app: &TestApp, admin: &str, name: &str) -> (String, String) {
    let body = app
        .gql(
            admin,
            "mutation($n: String!) { addHost(name: $n) { token host { id name local connected } } }",
            json!({ "n": name }),
        )
        .await;
    let added = &body["data"]["addHost"];
    assert_eq!(
        added["host"],
        json!({ "id": added["host"]["id"], "name": name, "local": false, "connected": false }),
        "{body}"
    );
    let token = added["token"].as_str().unwrap().to_owned();
    assert!(token.starts_with("bgh_"), "{token}");
    (added["host"]["id"].as_str().unwrap().to_owned(), token)
}

pub(super) async fn connected(app: &TestApp, admin: &str) -> BTreeMap<String, bool> {
    let body = app
        .gql(admin, "{ hosts { name connected } }", json!({}))
        .await;
    body["data"]["hosts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["name"].as_str().unwrap().to_owned(),
                h["connected"].as_bool().unwrap(),
            )
        })
        .collect()
}

pub(super) async fn wait_connected(app: &TestApp, admin: &str, name: &str, want: bool) {
    wait_for(
        &format!("{name} connected={want}"),
        Duration::from_secs(30),
        || async { connected(app, admin).await.get(name) == Some(&want) },
    )
    .await;
}

pub(super) fn banned(sandbox: &Sandbox, jail: &str) -> Vec<String> {
    let mut ips: Vec<String> = sandbox
        .client(&["get", jail, "banip"])
        .unwrap()
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    ips.sort();
    ips
}

/// The archive's bans on `host`: address to how many rows it has.
pub(super) async fn archived(app: &TestApp, admin: &str, host: &str) -> BTreeMap<String, usize> {
    let body = app
        .gql(
            admin,
            "query($h: String!) { bans(first: 500, filter: { host: $h }) { edges { node { ip host } } } }",
            json!({ "h": host }),
        )
        .await;
    let mut counts = BTreeMap::new();
    for edge in body["data"]["bans"]["edges"].as_array().unwrap() {
        assert_eq!(edge["node"]["host"], host, "{body}");
        *counts
            .entry(edge["node"]["ip"].as_str().unwrap().to_owned())
            .or_insert(0) += 1;
    }
    counts
}

/// Opens the agent endpoint with `token`; the HTTP status of a refusal.
pub(super) async fn open_agent_socket(
    addr: std::net::SocketAddr,
    token: &str,
) -> Result<
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>,
    u16,
> {
    let mut request = format!("ws://{addr}/agent/ws")
        .into_client_request()
        .unwrap();
    request.headers_mut().insert(
        http::header::AUTHORIZATION,
        format!("Bearer {token}").parse().unwrap(),
    );
    match tokio_tungstenite::connect_async(request).await {
        Ok((ws, _)) => Ok(ws),
        Err(tungstenite::Error::Http(response)) => Err(response.status().as_u16()),
        Err(e) => panic!("unexpected failure: {e}"),
    }
}

/// Addresses fail2ban bans in the command the agent is killed during: about
/// 4.5 ms each with the dummy action.
pub(super) const FIRST: usize = 1_500;

/// A port free now, for a hub restarted at the same address.
pub(super) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Addresses `from..to` of a test network.
pub(super) fn addresses(from: usize, to: usize) -> Vec<String> {
    (from..to)
        .map(|i| format!("198.18.{}.{}", i / 250, 1 + i % 250))
        .collect()
}

/// Has fail2ban ban `ips` in the `blocklist` jail, as its own command would.
pub(super) fn ban_in_fail2ban(sandbox: &Sandbox, ips: &[String]) -> std::process::Child {
    Command::new("fail2ban-client")
        .arg("-c")
        .arg(sandbox.config_dir())
        .args(["set", "blocklist", "banip"])
        .args(ips)
        .stdout(Stdio::null())
        .spawn()
        .unwrap()
}

/// The archive's bans on agent hosts, read from its table: address to rows.
pub(super) async fn archived_rows(app: &TestApp) -> BTreeMap<String, i64> {
    use sea_orm::{ConnectionTrait, Statement};
    let db = &app.running.as_ref().unwrap().state.db;
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT ip, count(*) AS n FROM ban_history WHERE kind = 'BAN' AND host_id <> 0 GROUP BY ip",
        ))
        .await
        .unwrap();
    rows.iter()
        .map(|r| {
            (
                r.try_get::<String>("", "ip").unwrap(),
                r.try_get::<i64>("", "n").unwrap(),
            )
        })
        .collect()
}

pub(super) async fn archive_holds_each_once(app: &TestApp, want: &[String]) -> bool {
    let archived = archived_rows(app).await;
    let twice: Vec<_> = archived.iter().filter(|(_, n)| **n != 1).collect();
    assert!(twice.is_empty(), "archived more than once: {twice:?}");
    want.iter().all(|ip| archived.contains_key(ip))
}
