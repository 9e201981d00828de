//! Manual bans: the lockout guard (the caller's own address, the server's,
//! the allowlist) unless forced, the reason kept with the ban, and a ban's
//! own length, lifted on time across a restart.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::helpers::{TestApp, code};

fn banned(app: &TestApp, jail: &str) -> Vec<String> {
    let mut list: Vec<String> = app
        .sandbox()
        .client(&["get", jail, "banip"])
        .unwrap()
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    list.sort();
    list
}

/// This machine's name, which BanGUI takes as its host's name by default.
fn machine_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .unwrap()
        .trim()
        .to_owned()
}

/// This machine's first address as `hostname -I` lists it.
fn machine_address() -> String {
    let out = std::process::Command::new("hostname")
        .arg("-I")
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .expect("the machine has an address")
        .to_owned()
}

const BAN: &str = "mutation($ip: String!, $force: Boolean, $reason: String, $duration: Int) { banIp(jail: \"sshd\", ip: $ip, force: $force, reason: $reason, duration: $duration) { ip alreadyBanned host } }";

fn refusal(body: &Value) -> (&str, &str) {
    (
        code(body),
        body["errors"][0]["message"].as_str().unwrap_or_default(),
    )
}

#[tokio::test]
async fn the_guard_refuses_what_would_lock_out_unless_forced() {
    let app = TestApp::spawn_with_fail2ban().await;
    let admin = app.admin().await;
    // The test's requests come from 127.0.0.1.
    let body = app.gql(&admin, BAN, json!({ "ip": "127.0.0.0/8" })).await;
    assert_eq!(
        refusal(&body),
        (
            "WOULD_LOCK_OUT",
            "127.0.0.0/8 contains your own address 127.0.0.1; repeat with force: true to ban it anyway"
        )
    );
    let own = machine_address();
    let body = app.gql(&admin, BAN, json!({ "ip": own })).await;
    assert_eq!(
        refusal(&body),
        (
            "WOULD_LOCK_OUT",
            format!("{own} contains this server's address {own}; repeat with force: true to ban it anyway").as_str()
        )
    );
    let body = app
        .gql(
            &admin,
            "mutation { addAllowlistEntry(ip: \"198.51.100.0/24\") { network } }",
            json!({}),
        )
        .await;
    assert_eq!(
        body["data"]["addAllowlistEntry"]["network"],
        "198.51.100.0/24"
    );
    let body = app.gql(&admin, BAN, json!({ "ip": "198.51.100.7" })).await;
    assert_eq!(
        refusal(&body),
        (
            "WOULD_LOCK_OUT",
            "198.51.100.7 overlaps the allowlist entry 198.51.100.0/24; repeat with force: true to ban it anyway"
        )
    );
    // A bulk ban with one such entry bans nothing.
    let bulk = "mutation($ips: [String!]!, $force: Boolean) { banIps(jail: \"sshd\", ips: $ips, force: $force) { banned alreadyBanned invalid } }";
    let body = app
        .gql(
            &admin,
            bulk,
            json!({ "ips": ["203.0.113.1", "198.51.100.8"] }),
        )
        .await;
    assert_eq!(code(&body), "WOULD_LOCK_OUT");
    assert_eq!(banned(&app, "sshd"), Vec::<String>::new());
    let body = app
        .gql(
            &admin,
            bulk,
            json!({ "ips": ["203.0.113.1", "198.51.100.8"], "force": true }),
        )
        .await;
    assert_eq!(
        body["data"]["banIps"],
        json!({ "banned": 2, "alreadyBanned": 0, "invalid": [] })
    );
    assert_eq!(banned(&app, "sshd"), ["198.51.100.8", "203.0.113.1"]);
    let body = app.gql(&admin, BAN, json!({ "ip": "10.0.0.0/4" })).await;
    assert_eq!(
        refusal(&body),
        (
            "BAD_USER_INPUT",
            "0.0.0.0/4 is wider than /8; ban smaller networks"
        )
    );
    // The audit log says it was forced.
    let body = app
        .gql(
            &admin,
            "{ auditLog(first: 2) { action outcome details } }",
            json!({}),
        )
        .await;
    assert_eq!(body["data"]["auditLog"][1]["action"], "banIps");
    let details: Value =
        serde_json::from_str(body["data"]["auditLog"][1]["details"].as_str().unwrap()).unwrap();
    assert_eq!(
        details,
        json!({ "banned": 2, "alreadyBanned": 0, "invalid": 0, "force": true })
    );
    app.stop().await;
}

#[tokio::test]
async fn a_ban_keeps_its_reason_and_its_own_length_across_a_restart() {
    let app = TestApp::spawn_with_fail2ban().await;
    let admin = app.admin().await;
    let operator = app.user(&admin, "otto", "OPERATOR").await;
    let body = app
        .gql(
            &operator,
            BAN,
            json!({ "ip": "203.0.113.50", "reason": "credential stuffing" }),
        )
        .await;
    assert_eq!(body["data"]["banIp"]["alreadyBanned"], false, "{body}");
    assert_eq!(body["data"]["banIp"]["host"], machine_name());
    let archived = "query($ip: String!) { bans(filter: { ip: $ip }) { nodes { ip reason bannedBy banTime active blocklistSource { name } } } }";
    let body = app
        .gql(&admin, archived, json!({ "ip": "203.0.113.50" }))
        .await;
    assert_eq!(
        body["data"]["bans"]["nodes"],
        json!([{ "ip": "203.0.113.50", "reason": "credential stuffing", "bannedBy": "otto", "banTime": 600, "active": true, "blocklistSource": null }])
    );
    // fail2ban lifts a ban after the jail's banTime: no ban may be longer.
    let body = app
        .gql(
            &admin,
            BAN,
            json!({ "ip": "203.0.113.61", "duration": 601 }),
        )
        .await;
    assert_eq!(
        refusal(&body),
        (
            "BAD_USER_INPUT",
            "duration must be between 1 and jail sshd's banTime (600 s), since fail2ban lifts its bans then; not 601"
        )
    );
    let body = app
        .gql(&admin, BAN, json!({ "ip": "203.0.113.60", "duration": 3 }))
        .await;
    assert_eq!(body["data"]["banIp"]["alreadyBanned"], false, "{body}");
    let body = app
        .gql(&admin, archived, json!({ "ip": "203.0.113.60" }))
        .await;
    assert_eq!(body["data"]["bans"]["nodes"][0]["banTime"], 3);
    // BanGUI is down when the ban is due; the next start lifts it.
    let (db, sandbox) = app.stop_keeping().await;
    tokio::time::sleep(Duration::from_secs(4)).await;
    let kept = sandbox
        .as_ref()
        .unwrap()
        .client(&["get", "sshd", "banip"])
        .unwrap();
    assert!(
        kept.split_whitespace().any(|ip| ip == "203.0.113.60"),
        "fail2ban keeps it until BanGUI lifts it: {kept}"
    );
    let app = TestApp::spawn_with(db, sandbox, &[]).await;
    let started = Instant::now();
    while banned(&app, "sshd").contains(&"203.0.113.60".to_owned()) {
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "the timed ban was not lifted"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(banned(&app, "sshd"), ["203.0.113.50"]);
    let body = app
        .gql(&admin, archived, json!({ "ip": "203.0.113.60" }))
        .await;
    assert_eq!(body["data"]["bans"]["nodes"][0]["active"], false);
    app.stop().await;
}
