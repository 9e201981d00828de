//! Ban rules: one message for one ban, one coalesced message for many, only
//! for the events the rule's filters take.

use std::time::{Duration, Instant};

use bangui_test_support::receiver::{Received, Receiver};
use serde_json::json;

use super::channel;
use crate::helpers::{Sandbox, TestApp, TestDb, code};

/// Ten seconds per message at most, so a test knows when a window ends.
const SETTINGS: [(&str, &str); 4] = [
    ("BANGUI_NOTIFY_ALLOW_PRIVATE_URLS", "true"),
    ("BANGUI_NOTIFY_RETRY_BASE_SECS", "1"),
    ("BANGUI_NOTIFY_ATTEMPTS", "3"),
    ("BANGUI_NOTIFY_MAX_PER_MINUTE", "6"),
];

/// Waits until the next 10-second window has just begun.
async fn window_start() {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    let into = now.as_millis() % 10_000;
    tokio::time::sleep(Duration::from_millis(
        u64::try_from(10_000 - into).unwrap() + 200,
    ))
    .await;
}

async fn wait_received(receiver: &Receiver, n: usize) -> Vec<Received> {
    let started = Instant::now();
    loop {
        let got = receiver.received();
        if got.len() >= n {
            return got;
        }
        assert!(
            started.elapsed() < Duration::from_secs(90),
            "expected {n} messages, got {got:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn bans_are_told_one_by_one_or_coalesced_per_window() {
    let sandbox = Sandbox::start().unwrap();
    let app = TestApp::spawn_with(TestDb::sqlite(), Some(sandbox), &SETTINGS).await;
    let admin = app.admin().await;
    let receiver = Receiver::start().await;
    let hook = channel(
        &app,
        &admin,
        json!({ "name": "hook", "kind": "WEBHOOK", "target": receiver.url("/hook") }),
    )
    .await;
    let create = "mutation($i: NotificationRuleInput!) { createNotificationRule(input: $i) { name trigger jails countries origins hosts enabled channels { name } } }";
    let rule = app
        .gql(
            &admin,
            create,
            json!({ "i": { "name": "sshd bans", "trigger": "BAN", "channelIds": [hook], "jails": ["sshd"], "origins": ["MANUAL"] } }),
        )
        .await;
    assert_eq!(
        rule["data"]["createNotificationRule"],
        json!({ "name": "sshd bans", "trigger": "BAN", "jails": ["sshd"], "countries": [], "origins": ["MANUAL"], "hosts": [], "enabled": true, "channels": [{ "name": "hook" }] }),
        "{rule}"
    );
    let unsupported = app
        .gql(
            &admin,
            create,
            json!({ "i": { "name": "digest", "trigger": "TEST", "channelIds": [hook] } }),
        )
        .await;
    assert_eq!(code(&unsupported), "BAD_USER_INPUT", "{unsupported}");
    let host = app.gql(&admin, "{ hosts { name } }", json!({})).await["data"]["hosts"][0]["name"]
        .as_str()
        .unwrap()
        .to_owned();

    // One ban: a message of its own, once its window ends.
    window_start().await;
    let ban =
        "mutation($ips: [String!]!, $jail: String!) { banIps(jail: $jail, ips: $ips) { banned } }";
    let one = app
        .gql(
            &admin,
            ban,
            json!({ "ips": ["203.0.113.7"], "jail": "sshd" }),
        )
        .await;
    assert_eq!(one["data"]["banIps"]["banned"], 1, "{one}");
    // Another jail's ban is not this rule's.
    app.gql(
        &admin,
        ban,
        json!({ "ips": ["203.0.113.99"], "jail": "nginx-http-auth" }),
    )
    .await;
    let got = wait_received(&receiver, 1).await;
    let body = got[0].json();
    assert_eq!(
        body,
        json!({
            "event": "ban", "at": body["at"], "count": 1,
            "title": "203.0.113.7 banned in sshd",
            "text": format!("203.0.113.7 was banned in sshd on {host}."),
            "ip": "203.0.113.7", "jail": "sshd", "host": host, "origin": "MANUAL", "country": null,
        })
    );

    // Many bans in one window: one message that says how many.
    window_start().await;
    let ips: Vec<String> = (1..=40).map(|i| format!("198.51.100.{i}")).collect();
    let many = app
        .gql(&admin, ban, json!({ "ips": ips, "jail": "sshd" }))
        .await;
    assert_eq!(many["data"]["banIps"]["banned"], 40, "{many}");
    let got = wait_received(&receiver, 2).await;
    let body = got[1].json();
    assert_eq!(
        (&body["count"], &body["title"], &body["text"], &body["ip"]),
        (
            &json!(40),
            &json!("40 bans in sshd"),
            &json!("198.51.100.1 and 39 more bans in sshd since the last message."),
            &json!("198.51.100.1")
        ),
        "{body}"
    );
    tokio::time::sleep(Duration::from_secs(11)).await;
    assert_eq!(receiver.received().len(), 2);
    let told = app
        .gql(&admin, "{ deliveries(first: 10) { totalCount nodes { trigger status attempts rule { name } } } }", json!({}))
        .await;
    assert_eq!(
        told["data"]["deliveries"],
        json!({ "totalCount": 2, "nodes": [
            { "trigger": "BAN", "status": "DELIVERED", "attempts": 1, "rule": { "name": "sshd bans" } },
            { "trigger": "BAN", "status": "DELIVERED", "attempts": 1, "rule": { "name": "sshd bans" } },
        ] })
    );
    app.stop().await;
}
