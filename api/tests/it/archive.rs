//! The archive through the API: keyset pagination in both directions, and ban
//! events replayed from a cursor and then delivered live.

use std::time::Duration;

use bangui_core::archive::{self, NewBan, Origin};
use serde_json::{Value, json};

use crate::helpers::{TestApp, code};
use crate::ws::{next, subscribe};

pub(crate) fn ban(ip: &str, at: i64) -> NewBan {
    NewBan {
        ip: ip.to_owned(),
        jail: "sshd".to_owned(),
        banned_at: at,
        ban_time: 600,
        ban_count: 1,
        origin: Origin::Fail2ban,
        source_id: None,
        host_id: bangui_core::archive::LOCAL_HOST_ID,
        country_code: None,
    }
}

/// A server with a sandboxed fail2ban whose archive sync runs every `secs` seconds.
async fn with_fail2ban_syncing_every(secs: &str) -> TestApp {
    let sandbox = bangui_test_support::Sandbox::start().unwrap();
    TestApp::spawn_with(
        crate::helpers::TestDb::sqlite(),
        Some(sandbox),
        &[("BANGUI_SYNC_INTERVAL_SECS", secs)],
    )
    .await
}

async fn seed(app: &TestApp, n: i64) {
    let state = app.running.as_ref().unwrap().state.clone();
    let bans: Vec<NewBan> = (0..n)
        .map(|i| ban(&format!("192.0.2.{i}"), 1_000 + i))
        .collect();
    archive::record_bans(&state.db, &bans).await.unwrap();
}

const PAGE: &str = "query($first: Int, $after: String, $last: Int, $before: String) {
  bans(first: $first, after: $after, last: $last, before: $before) {
    totalCount nodes { ip } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }";

fn ips(body: &Value) -> Vec<String> {
    body["data"]["bans"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            n["ip"]
                .as_str()
                .unwrap()
                .trim_start_matches("192.0.2.")
                .to_owned()
        })
        .collect()
}

#[tokio::test]
async fn pages_forwards_and_backwards_with_stable_cursors() {
    let app = TestApp::spawn().await;
    let token = app.admin().await;
    seed(&app, 7).await;
    let first = app.gql(&token, PAGE, json!({ "first": 3 })).await;
    assert_eq!(ips(&first), ["6", "5", "4"]);
    assert_eq!(first["data"]["bans"]["totalCount"], 7);
    assert_eq!(first["data"]["bans"]["pageInfo"]["hasNextPage"], true);
    assert_eq!(first["data"]["bans"]["pageInfo"]["hasPreviousPage"], false);
    let end = first["data"]["bans"]["pageInfo"]["endCursor"].clone();

    // New rows arriving meanwhile do not shift the next page.
    let state = app.running.as_ref().unwrap().state.clone();
    archive::record_bans(&state.db, &[ban("192.0.2.99", 5_000)])
        .await
        .unwrap();
    let second = app
        .gql(&token, PAGE, json!({ "first": 3, "after": end }))
        .await;
    assert_eq!(ips(&second), ["3", "2", "1"]);
    assert_eq!(second["data"]["bans"]["pageInfo"]["hasPreviousPage"], true);
    let third = app
        .gql(
            &token,
            PAGE,
            json!({ "first": 3, "after": second["data"]["bans"]["pageInfo"]["endCursor"] }),
        )
        .await;
    assert_eq!(ips(&third), ["0"]);
    assert_eq!(third["data"]["bans"]["pageInfo"]["hasNextPage"], false);

    // Backwards from the end of the list, and from a cursor.
    let last = app.gql(&token, PAGE, json!({ "last": 2 })).await;
    assert_eq!(ips(&last), ["1", "0"]);
    assert_eq!(last["data"]["bans"]["pageInfo"]["hasPreviousPage"], true);
    assert_eq!(last["data"]["bans"]["pageInfo"]["hasNextPage"], false);
    let before = app
        .gql(
            &token,
            PAGE,
            json!({ "last": 2, "before": second["data"]["bans"]["pageInfo"]["startCursor"] }),
        )
        .await;
    assert_eq!(ips(&before), ["5", "4"]);
    assert_eq!(before["data"]["bans"]["pageInfo"]["hasPreviousPage"], true);
    assert_eq!(before["data"]["bans"]["pageInfo"]["hasNextPage"], true);
    let top = app
        .gql(
            &token,
            PAGE,
            json!({ "last": 5, "before": before["data"]["bans"]["pageInfo"]["startCursor"] }),
        )
        .await;
    assert_eq!(ips(&top), ["99", "6"]);
    assert_eq!(top["data"]["bans"]["pageInfo"]["hasPreviousPage"], false);

    // Invalid and foreign cursors.
    for cursor in [
        "%%%",
        "eyJ4Ijox",
        &bangui_core::pagination::encode("event", &1),
    ] {
        let body = app
            .gql(&token, PAGE, json!({ "first": 1, "after": cursor }))
            .await;
        assert_eq!(code(&body), "BAD_USER_INPUT", "{cursor}");
    }
    app.stop().await;
}

#[tokio::test]
async fn events_replay_from_a_cursor_then_continue_live_without_gap_or_duplicate() {
    let app = TestApp::spawn().await;
    let token = app.admin().await;
    seed(&app, 5).await;
    let state = app.running.as_ref().unwrap().state.clone();
    // Resume after the second event (ids start at 1).
    let after = bangui_core::pagination::encode("event", &2i64);
    let mut socket = subscribe(
        &app,
        &token,
        "subscription($after: String) { banEvents(after: $after) { cursor kind ip jail } }",
        json!({ "after": after }),
    )
    .await;
    // More events keep arriving while the replay runs.
    let writer = tokio::spawn(async move {
        for i in 0..20 {
            archive::record_bans(&state.db, &[ban(&format!("198.51.100.{i}"), 2_000 + i)])
                .await
                .unwrap();
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    });
    let mut seen = Vec::new();
    while seen.len() < 23 {
        let message = next(&mut socket, Duration::from_secs(10)).await.unwrap();
        assert_eq!(message["type"], "next", "{message}");
        seen.push(
            message["payload"]["data"]["banEvents"]["ip"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    writer.await.unwrap();
    let mut want: Vec<String> = (2..5).map(|i| format!("192.0.2.{i}")).collect();
    want.extend((0..20).map(|i| format!("198.51.100.{i}")));
    assert_eq!(seen, want);
    // Nothing more arrives.
    assert!(
        tokio::time::timeout(
            Duration::from_millis(700),
            next(&mut socket, Duration::from_secs(1))
        )
        .await
        .is_err()
    );
    app.stop().await;
}

#[tokio::test]
async fn a_log_triggered_ban_reaches_a_subscriber() {
    let app = with_fail2ban_syncing_every("1").await;
    let token = app.admin().await;
    let mut socket = subscribe(&app, &token, "subscription { banEvents(filter: { jails: [\"sshd\"] }) { kind ip jail origin ban { banTime active } } }", json!({})).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.sandbox().fail_ssh_login("203.0.113.61", 3).unwrap();
    let message = next(&mut socket, Duration::from_secs(20)).await.unwrap();
    assert_eq!(
        message["payload"]["data"]["banEvents"],
        json!({ "kind": "BAN", "ip": "203.0.113.61", "jail": "sshd", "origin": "FAIL2BAN", "ban": { "banTime": 600, "active": true } })
    );
    app.stop().await;
}

#[tokio::test]
async fn the_fail2ban_hook_archives_a_ban_at_once() {
    let app = with_fail2ban_syncing_every("3600").await;
    let admin = app.admin().await;
    let token = app.api_token(&admin, "fail2ban", "OPERATOR").await;
    let viewer = app.api_token(&admin, "ro", "VIEWER").await;
    let hook = app.url("/hooks/fail2ban");
    assert_eq!(app.client.post(&hook).send().await.unwrap().status(), 401);
    assert_eq!(
        app.client
            .post(&hook)
            .bearer_auth(&viewer)
            .send()
            .await
            .unwrap()
            .status(),
        403
    );

    app.sandbox().fail_ssh_login("203.0.113.71", 3).unwrap();
    for _ in 0..50 {
        let banned = app.sandbox().client(&["get", "sshd", "banip"]).unwrap();
        if banned.split_whitespace().any(|ip| ip == "203.0.113.71") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let res = app
        .client
        .post(&hook)
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 202);
    assert_eq!(
        res.json::<Value>().await.unwrap(),
        json!({ "sync": "requested" })
    );
    let mut nodes = Value::Null;
    for _ in 0..40 {
        let archived = app
            .gql(&admin, "{ bans { nodes { ip jail origin } } }", json!({}))
            .await;
        nodes = archived["data"]["bans"]["nodes"].clone();
        if nodes.as_array().is_some_and(|n| !n.is_empty()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        nodes,
        json!([{ "ip": "203.0.113.71", "jail": "sshd", "origin": "FAIL2BAN" }])
    );
    app.stop().await;
}

#[tokio::test]
async fn the_shipped_fail2ban_action_calls_the_hook() {
    let app = with_fail2ban_syncing_every("3600").await;
    let admin = app.admin().await;
    let token = app.api_token(&admin, "fail2ban", "OPERATOR").await;
    // Install the action from deploy/ into the sandbox and add it to sshd.
    let etc = app.sandbox().dir().join("etc");
    let shipped = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../deploy/fail2ban/action.d/bangui.conf"
    );
    std::fs::copy(shipped, etc.join("action.d/bangui.conf")).unwrap();
    let local = std::fs::read_to_string(etc.join("jail.local")).unwrap();
    let url = format!("http://{}", app.addr);
    let with_action = local.replacen(
        "[sshd]\n",
        &format!("[sshd]\naction = dummy[target=\"{}/dummy-actions.log\"]\n         bangui[url=\"{url}\", token=\"{token}\"]\n", app.sandbox().dir().display()),
        1,
    );
    std::fs::write(etc.join("jail.local"), with_action).unwrap();
    app.sandbox()
        .client(&["reload", "--restart", "sshd"])
        .unwrap();

    let mut socket = subscribe(
        &app,
        &admin,
        "subscription { banEvents { kind ip } }",
        json!({}),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.sandbox().fail_ssh_login("203.0.113.72", 3).unwrap();
    // The periodic sync is an hour away: only the action can bring the event.
    let message = next(&mut socket, Duration::from_secs(15)).await.unwrap();
    assert_eq!(
        message["payload"]["data"]["banEvents"],
        json!({ "kind": "BAN", "ip": "203.0.113.72" })
    );
    app.stop().await;
}
