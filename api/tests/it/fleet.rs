//! A hub and `bangui agent` processes, each agent beside its own sandboxed
//! fail2ban: bans and unbans per host and everywhere, agent tokens refused
//! when wrong or rotated, an incompatible protocol refused, a command to a
//! stopped agent failing at once, and no ban lost or archived twice when an
//! agent is killed or the hub restarts.

use std::collections::BTreeMap;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::{self, Message};

use crate::helpers::{Sandbox, TestApp, TestDb, code};

/// A `bangui agent` process, killed when dropped.
struct Agent {
    child: Child,
    state: tempfile::TempDir,
}

impl Agent {
    fn start(hub: &str, token: &str, sandbox: &Sandbox) -> Agent {
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
            .env("BANGUI_LOG_LEVEL", "info")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("bangui agent starts")
    }

    /// SIGKILL, then a new process on the same queue.
    fn kill(&mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("reaped");
    }

    fn restart(&mut self, hub: &str, token: &str, sandbox: &Sandbox) {
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
async fn wait_for<F, Fut>(what: &str, limit: Duration, mut check: F)
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

async fn add_host(app: &TestApp, admin: &str, name: &str) -> (String, String) {
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

async fn connected(app: &TestApp, admin: &str) -> BTreeMap<String, bool> {
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

async fn wait_connected(app: &TestApp, admin: &str, name: &str, want: bool) {
    wait_for(
        &format!("{name} connected={want}"),
        Duration::from_secs(30),
        || async { connected(app, admin).await.get(name) == Some(&want) },
    )
    .await;
}

fn banned(sandbox: &Sandbox, jail: &str) -> Vec<String> {
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
async fn archived(app: &TestApp, admin: &str, host: &str) -> BTreeMap<String, usize> {
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
async fn open_agent_socket(
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

#[tokio::test]
async fn a_hub_manages_two_agents_and_refuses_what_it_must() {
    let app = TestApp::spawn_with_fail2ban().await;
    let admin = app.admin().await;
    let (alpha_box, beta_box) = (Sandbox::start().unwrap(), Sandbox::start().unwrap());
    let (alpha_id, alpha_token) = add_host(&app, &admin, "alpha").await;
    let (_, beta_token) = add_host(&app, &admin, "beta").await;
    let hub = app.url("");
    let _alpha = Agent::start(&hub, &alpha_token, &alpha_box);
    let mut beta = Agent::start(&hub, &beta_token, &beta_box);
    wait_connected(&app, &admin, "alpha", true).await;
    wait_connected(&app, &admin, "beta", true).await;

    let hosts = app
        .gql(
            &admin,
            "{ hosts { name local connected agentVersion fail2banVersion refusal } }",
            json!({}),
        )
        .await;
    let list = hosts["data"]["hosts"].as_array().unwrap();
    assert_eq!(list.len(), 3, "{hosts}");
    assert_eq!(list[0]["local"], true);
    let version = env!("CARGO_PKG_VERSION");
    for (i, name) in [(1, "alpha"), (2, "beta")] {
        assert_eq!(list[i]["name"], name);
        assert_eq!(list[i]["agentVersion"], version);
        assert_eq!(list[i]["refusal"], Value::Null);
        assert!(
            list[i]["fail2banVersion"]
                .as_str()
                .is_some_and(|v| v.starts_with(|c: char| c.is_ascii_digit())),
            "{hosts}"
        );
    }

    // Each host's jails, through its own fail2ban.
    let jails = app
        .gql(
            &admin,
            r#"{ jails(host: "alpha") { name host running } }"#,
            json!({}),
        )
        .await;
    let names: Vec<&str> = jails["data"]["jails"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| {
            assert_eq!(j["host"], "alpha");
            j["name"].as_str().unwrap()
        })
        .collect();
    assert_eq!(names, ["blocklist", "nginx-http-auth", "sshd"], "{jails}");
    let every = app.gql(&admin, "{ jails { host } }", json!({})).await;
    assert_eq!(
        every["data"]["jails"].as_array().unwrap().len(),
        9,
        "{every}"
    );

    // A ban on one host reaches that host's fail2ban only, and the archive once.
    let ban = app
        .gql(
            &admin,
            r#"mutation { banIp(jail: "sshd", ip: "203.0.113.10", host: "alpha") { host alreadyBanned } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        ban["data"]["banIp"],
        json!({ "host": "alpha", "alreadyBanned": false }),
        "{ban}"
    );
    assert_eq!(banned(&alpha_box, "sshd"), ["203.0.113.10"]);
    assert!(banned(&beta_box, "sshd").is_empty());
    assert!(banned(app.sandbox(), "sshd").is_empty());
    // fail2ban's own row of the ban comes back through the agent's queue and
    // is recognised as the same ban.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(
        archived(&app, &admin, "alpha").await,
        BTreeMap::from([("203.0.113.10".to_owned(), 1)])
    );

    // A ban fail2ban makes itself, from a log, on the other host.
    beta_box.fail_ssh_login("198.51.100.20", 6).unwrap();
    wait_for(
        "beta's log ban archived",
        Duration::from_secs(30),
        || async {
            archived(&app, &admin, "beta")
                .await
                .contains_key("198.51.100.20")
        },
    )
    .await;
    let origin = app
        .gql(
            &admin,
            r#"{ bans(first: 5, filter: { host: "beta" }) { edges { node { ip origin host } } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        origin["data"]["bans"]["edges"],
        json!([{ "node": { "ip": "198.51.100.20", "origin": "FAIL2BAN", "host": "beta" } }]),
        "{origin}"
    );

    // The same address on every host, then unbanned without a host: everywhere.
    let everywhere = app
        .gql(
            &admin,
            r#"mutation { banIpOnAllHosts(jail: "sshd", ip: "192.0.2.77") { host alreadyBanned } }"#,
            json!({}),
        )
        .await;
    let local = connected(&app, &admin)
        .await
        .into_keys()
        .find(|n| n != "alpha" && n != "beta")
        .unwrap();
    assert_eq!(
        everywhere["data"]["banIpOnAllHosts"],
        json!([
            { "host": local, "alreadyBanned": false },
            { "host": "alpha", "alreadyBanned": false },
            { "host": "beta", "alreadyBanned": false },
        ]),
        "{everywhere}"
    );
    for sandbox in [app.sandbox(), &alpha_box, &beta_box] {
        assert!(banned(sandbox, "sshd").contains(&"192.0.2.77".to_owned()));
    }
    let unban = app
        .gql(
            &admin,
            r#"mutation { unbanIp(ip: "192.0.2.77") { jails } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        unban["data"]["unbanIp"]["jails"],
        json!(["sshd"]),
        "{unban}"
    );
    for sandbox in [app.sandbox(), &alpha_box, &beta_box] {
        assert!(!banned(sandbox, "sshd").contains(&"192.0.2.77".to_owned()));
    }
    assert_eq!(banned(&alpha_box, "sshd"), ["203.0.113.10"]);

    // A host that does not exist, a write with a host name nobody has.
    let unknown = app
        .gql(
            &admin,
            r#"mutation { banIp(jail: "sshd", ip: "203.0.113.11", host: "gamma") { host } }"#,
            json!({}),
        )
        .await;
    assert_eq!(code(&unknown), "BAD_USER_INPUT", "{unknown}");

    // Wrong tokens get no socket; an agent of another protocol is refused
    // with a reason the host shows.
    assert_eq!(
        open_agent_socket(app.addr, "bgh_wrong").await.err(),
        Some(401)
    );
    assert_eq!(open_agent_socket(app.addr, &admin).await.err(), Some(401));
    let mut ws = open_agent_socket(app.addr, &beta_token).await.unwrap();
    ws.send(Message::Text(
        json!({ "type": "hello", "protocol": 99, "agent_version": "9.0.0", "fail2ban_version": null })
            .to_string()
            .into(),
    ))
    .await
    .unwrap();
    let refused = ws.next().await.unwrap().unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(refused.to_text().unwrap()).unwrap(),
        json!({ "type": "refused", "reason": "agent protocol 99 is not supported: this hub speaks 1 to 1; upgrade the hub" })
    );
    match ws.next().await.unwrap().unwrap() {
        Message::Close(Some(frame)) => assert_eq!(u16::from(frame.code), 4406),
        other => panic!("expected a close, got {other:?}"),
    }
    let shown = app
        .gql(
            &admin,
            r#"{ host(name: "beta") { connected refusal } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        shown["data"]["host"],
        json!({ "connected": true, "refusal": "agent protocol 99 is not supported: this hub speaks 1 to 1; upgrade the hub" })
    );

    // A rotated token disconnects the agent, which the hub refuses from then on.
    let rotated = app
        .gql(
            &admin,
            "mutation($id: ID!) { rotateAgentToken(id: $id) { token host { name } } }",
            json!({ "id": alpha_id }),
        )
        .await;
    assert_eq!(rotated["data"]["rotateAgentToken"]["host"]["name"], "alpha");
    wait_connected(&app, &admin, "alpha", false).await;
    assert_eq!(
        open_agent_socket(app.addr, &alpha_token).await.err(),
        Some(401)
    );
    let to_alpha = app
        .gql(
            &admin,
            r#"mutation { unbanIp(ip: "203.0.113.10", host: "alpha") { jails } }"#,
            json!({}),
        )
        .await;
    assert_eq!(code(&to_alpha), "HOST_UNAVAILABLE", "{to_alpha}");

    // A command to a stopped agent fails at once.
    beta.kill();
    wait_connected(&app, &admin, "beta", false).await;
    let started = Instant::now();
    let to_beta = app
        .gql(
            &admin,
            r#"mutation { banIp(jail: "sshd", ip: "203.0.113.12", host: "beta") { host } }"#,
            json!({}),
        )
        .await;
    assert_eq!(code(&to_beta), "HOST_UNAVAILABLE", "{to_beta}");
    assert_eq!(
        to_beta["errors"][0]["message"],
        "host \"beta\" is not connected"
    );
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    // Reads of every host leave the disconnected ones out; the local host's remain.
    let every = app.gql(&admin, "{ jails { host } }", json!({})).await;
    assert_eq!(
        every["data"]["jails"].as_array().unwrap().len(),
        3,
        "{every}"
    );
    app.stop().await;
}
