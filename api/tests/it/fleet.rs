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
            .env("BANGUI_FAIL2BAN_CONFIG_DIR", sandbox.config_dir())
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

    // The dashboard, of every host and of one.
    let dashboard = app
        .gql(
            &admin,
            r#"{ all: dashboard { bansByHost { host count } summary { totalBans } }
                 beta: dashboard(host: "beta") { summary { totalBans } topIps { ip } bansByHost { host count } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        dashboard["data"],
        json!({
            "all": {
                "bansByHost": [{ "host": "alpha", "count": 1 }, { "host": "beta", "count": 1 }],
                "summary": { "totalBans": 2 },
            },
            "beta": {
                "summary": { "totalBans": 1 },
                "topIps": [{ "ip": "198.51.100.20" }],
                "bansByHost": [{ "host": "beta", "count": 1 }],
            },
        }),
        "{dashboard}"
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

    // A ban with its own length on an agent host is lifted there when it is up.
    let timed = app
        .gql(
            &admin,
            r#"mutation { banIp(jail: "sshd", ip: "203.0.113.44", host: "beta", duration: 2) { host } }"#,
            json!({}),
        )
        .await;
    assert_eq!(timed["data"]["banIp"]["host"], "beta", "{timed}");
    assert!(banned(&beta_box, "sshd").contains(&"203.0.113.44".to_owned()));
    wait_for(
        "the timed ban lifted on beta",
        Duration::from_secs(15),
        || async { !banned(&beta_box, "sshd").contains(&"203.0.113.44".to_owned()) },
    )
    .await;

    // Jails stop, start and reload on their own host's fail2ban.
    let jail_names = |sandbox: &Sandbox| sandbox.client(&["status"]).unwrap();
    let stop = app
        .gql(
            &admin,
            r#"mutation { stopJail(name: "nginx-http-auth", host: "alpha") }"#,
            json!({}),
        )
        .await;
    assert_eq!(stop["data"]["stopJail"], true, "{stop}");
    assert!(!jail_names(&alpha_box).contains("nginx-http-auth"));
    assert!(jail_names(app.sandbox()).contains("nginx-http-auth"));
    let start = app
        .gql(
            &admin,
            r#"mutation { startJail(name: "nginx-http-auth", host: "alpha") { name host running } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        start["data"]["startJail"],
        json!({ "name": "nginx-http-auth", "host": "alpha", "running": true }),
        "{start}"
    );
    assert!(jail_names(&alpha_box).contains("nginx-http-auth"));
    let reload = app
        .gql(
            &admin,
            r#"mutation { reloadFail2ban(jail: "sshd", host: "alpha") }"#,
            json!({}),
        )
        .await;
    assert_eq!(reload["data"]["reloadFail2ban"], true, "{reload}");

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

    // Bans no fail2ban could hold are left out; the rest are archived and
    // acknowledged.
    let (_, gamma_token) = add_host(&app, &admin, "gamma").await;
    let mut gamma = open_agent_socket(app.addr, &gamma_token).await.unwrap();
    let hello = json!({ "type": "hello", "protocol": 1, "agent_version": "0.1.0", "fail2ban_version": "1.1.0" });
    gamma
        .send(Message::Text(hello.to_string().into()))
        .await
        .unwrap();
    let welcome = gamma.next().await.unwrap().unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(welcome.to_text().unwrap()).unwrap(),
        json!({ "type": "welcome", "protocol": 1, "host": "gamma" })
    );
    let bans = json!({ "type": "bans", "bans": [
        { "seq": 1, "jail": "../../etc", "ip": "192.0.2.98", "time_of_ban": 1_000, "ban_time": 600, "ban_count": 1 },
        { "seq": 2, "jail": "sshd", "ip": "not-an-address", "time_of_ban": 1_000, "ban_time": 600, "ban_count": 1 },
        { "seq": 3, "jail": "sshd", "ip": "192.0.2.99", "time_of_ban": 1_000, "ban_time": 600, "ban_count": 1 },
    ] });
    gamma
        .send(Message::Text(bans.to_string().into()))
        .await
        .unwrap();
    let ack = loop {
        match gamma.next().await.unwrap().unwrap() {
            Message::Text(text) => break serde_json::from_str::<Value>(&text).unwrap(),
            _ => continue,
        }
    };
    assert_eq!(ack, json!({ "type": "ack", "upto": 3 }));
    assert_eq!(
        archived(&app, &admin, "gamma").await,
        BTreeMap::from([("192.0.2.99".to_owned(), 1)])
    );
    gamma.close(None).await.unwrap();
    wait_connected(&app, &admin, "gamma", false).await;

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
    let reload_beta = app
        .gql(
            &admin,
            r#"mutation { reloadFail2ban(host: "beta") }"#,
            json!({}),
        )
        .await;
    assert_eq!(code(&reload_beta), "HOST_UNAVAILABLE", "{reload_beta}");
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

/// Addresses fail2ban bans in the command the agent is killed during: about
/// 4.5 ms each with the dummy action.
const FIRST: usize = 1_500;

/// A port free now, for a hub restarted at the same address.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Addresses `from..to` of a test network.
fn addresses(from: usize, to: usize) -> Vec<String> {
    (from..to)
        .map(|i| format!("198.18.{}.{}", i / 250, 1 + i % 250))
        .collect()
}

/// Has fail2ban ban `ips` in the `blocklist` jail, as its own command would.
fn ban_in_fail2ban(sandbox: &Sandbox, ips: &[String]) -> std::process::Child {
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
async fn archived_rows(app: &TestApp) -> BTreeMap<String, i64> {
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

async fn archive_holds_each_once(app: &TestApp, want: &[String]) -> bool {
    let archived = archived_rows(app).await;
    let twice: Vec<_> = archived.iter().filter(|(_, n)| **n != 1).collect();
    assert!(twice.is_empty(), "archived more than once: {twice:?}");
    want.iter().all(|ip| archived.contains_key(ip))
}

#[tokio::test]
async fn no_ban_is_lost_or_doubled_when_the_agent_or_the_hub_stops() {
    let listen = format!("127.0.0.1:{}", free_port());
    let settings = [("BANGUI_LISTEN", listen.as_str())];
    let app = TestApp::spawn_with(TestDb::sqlite(), None, &settings).await;
    let admin = app.admin().await;
    let sandbox = Sandbox::start().unwrap();
    let (_, token) = add_host(&app, &admin, "alpha").await;
    let hub = app.url("");
    let mut agent = Agent::start(&hub, &token, &sandbox);
    wait_connected(&app, &admin, "alpha", true).await;

    // The agent is killed while its fail2ban bans.
    let first = addresses(0, FIRST);
    let mut banning = ban_in_fail2ban(&sandbox, &first);
    wait_for(
        "the first bans to arrive",
        Duration::from_secs(30),
        || async { !archived_rows(&app).await.is_empty() },
    )
    .await;
    agent.kill();
    let at_kill = archived_rows(&app).await.len();
    assert!(
        banning.try_wait().unwrap().is_none() && at_kill < FIRST,
        "fail2ban finished banning before the agent was killed ({at_kill} archived)"
    );
    banning.wait().unwrap();
    let while_down = addresses(FIRST, FIRST + 50);
    ban_in_fail2ban(&sandbox, &while_down).wait().unwrap();
    let before_restart = archived_rows(&app).await;
    assert!(
        while_down.iter().all(|ip| !before_restart.contains_key(ip)),
        "archived while the agent was down: {before_restart:?}"
    );
    agent.restart(&hub, &token, &sandbox);
    let mut all: Vec<String> = first.iter().chain(&while_down).cloned().collect();
    wait_for(
        "every ban after the agent's restart",
        Duration::from_secs(60),
        || archive_holds_each_once(&app, &all),
    )
    .await;

    // The hub stops while fail2ban bans, and comes back at the same address.
    let (db, _) = app.stop_keeping().await;
    let while_hub_down = addresses(FIRST + 50, FIRST + 100);
    ban_in_fail2ban(&sandbox, &while_hub_down).wait().unwrap();
    let app = TestApp::spawn_with(db, None, &settings).await;
    let admin = app
        .graphql(
            "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }",
            json!({ "u": "admin", "p": crate::helpers::PASSWORD }),
        )
        .await["data"]["login"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    all.extend(while_hub_down);
    wait_for(
        "every ban after the hub's restart",
        Duration::from_secs(90),
        || archive_holds_each_once(&app, &all),
    )
    .await;
    let archived = archived_rows(&app).await;
    assert_eq!(archived.len(), FIRST + 100);
    assert_eq!(archived.values().sum::<i64>(), (FIRST + 100) as i64);
    let total = app
        .gql(
            &admin,
            r#"{ bans(filter: { host: "alpha" }) { totalCount } }"#,
            json!({}),
        )
        .await;
    assert_eq!(total["data"]["bans"]["totalCount"], FIRST + 100);
    app.stop().await;
}

#[tokio::test]
async fn two_hub_instances_on_postgresql_reach_each_others_agents() {
    let Some(db) = TestDb::postgres().await else {
        // Needs BANGUI_TEST_POSTGRES_URL (set by .ci/run).
        return;
    };
    let shared = db.share();
    let a = TestApp::spawn_on(db).await;
    let b = TestApp::spawn_on(shared).await;
    let admin = a.admin().await;
    let (alpha_box, beta_box) = (Sandbox::start().unwrap(), Sandbox::start().unwrap());
    let (_, alpha_token) = add_host(&a, &admin, "alpha").await;
    let (_, beta_token) = add_host(&a, &admin, "beta").await;
    let _alpha = Agent::start(&a.url(""), &alpha_token, &alpha_box);
    let _beta = Agent::start(&b.url(""), &beta_token, &beta_box);
    for app in [&a, &b] {
        wait_connected(app, &admin, "alpha", true).await;
        wait_connected(app, &admin, "beta", true).await;
    }

    // A command arriving at one instance reaches the agent connected to the other.
    let on_alpha = b
        .gql(
            &admin,
            r#"mutation { banIp(jail: "sshd", ip: "203.0.113.30", host: "alpha") { host alreadyBanned } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        on_alpha["data"]["banIp"],
        json!({ "host": "alpha", "alreadyBanned": false }),
        "{on_alpha}"
    );
    assert_eq!(banned(&alpha_box, "sshd"), ["203.0.113.30"]);
    let on_beta = a
        .gql(
            &admin,
            r#"mutation { banIp(jail: "sshd", ip: "203.0.113.31", host: "beta") { host } }"#,
            json!({}),
        )
        .await;
    assert_eq!(on_beta["data"]["banIp"]["host"], "beta", "{on_beta}");
    assert_eq!(banned(&beta_box, "sshd"), ["203.0.113.31"]);
    let jails = b
        .gql(
            &admin,
            r#"{ jails(host: "alpha") { name host } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        jails["data"]["jails"],
        json!([
            { "name": "blocklist", "host": "alpha" },
            { "name": "nginx-http-auth", "host": "alpha" },
            { "name": "sshd", "host": "alpha" },
        ]),
        "{jails}"
    );

    // An event from the agent of one instance reaches the other's subscribers.
    let mut socket = crate::ws::subscribe(
        &a,
        &admin,
        r#"subscription { banEvents(filter: { hosts: ["beta"] }) { ip host kind origin } }"#,
        json!({}),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    beta_box.fail_ssh_login("198.51.100.40", 6).unwrap();
    let event = crate::ws::next(&mut socket, Duration::from_secs(30))
        .await
        .unwrap();
    assert_eq!(
        event["payload"]["data"]["banEvents"],
        json!({ "ip": "198.51.100.40", "host": "beta", "kind": "BAN", "origin": "FAIL2BAN" }),
        "{event}"
    );

    // A token rotated on one instance disconnects the agent held by the
    // other; commands to it then fail at once.
    let (alpha_id, _) = {
        let hosts = b.gql(&admin, "{ hosts { id name } }", json!({})).await;
        let alpha = hosts["data"]["hosts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["name"] == "alpha")
            .unwrap()
            .clone();
        (alpha["id"].as_str().unwrap().to_owned(), ())
    };
    let mut status = crate::ws::subscribe(
        &b,
        &admin,
        "subscription { hostStatus { name connected } }",
        json!({}),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    let rotated = b
        .gql(
            &admin,
            "mutation($id: ID!) { rotateAgentToken(id: $id) { host { name } } }",
            json!({ "id": alpha_id }),
        )
        .await;
    assert_eq!(rotated["data"]["rotateAgentToken"]["host"]["name"], "alpha");
    // Instance B hears of the disconnection instance A saw.
    let change = crate::ws::next(&mut status, Duration::from_secs(10))
        .await
        .unwrap();
    assert_eq!(
        change["payload"]["data"]["hostStatus"],
        json!({ "name": "alpha", "connected": false }),
        "{change}"
    );
    wait_connected(&a, &admin, "alpha", false).await;
    wait_connected(&b, &admin, "alpha", false).await;
    let started = Instant::now();
    let gone = b
        .gql(
            &admin,
            r#"mutation { unbanIp(ip: "203.0.113.30", host: "alpha") { jails } }"#,
            json!({}),
        )
        .await;
    assert_eq!(code(&gone), "HOST_UNAVAILABLE", "{gone}");
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    a.stop().await;
    b.stop().await;
}
