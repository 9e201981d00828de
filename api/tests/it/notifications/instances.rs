//! Two instances on one PostgreSQL database (apalis' PostgreSQL storage):
//! both see every event, yet each message is made and sent once.

use std::time::{Duration, Instant};

use bangui_core::archive::{self, NewBan, Origin};
use bangui_test_support::receiver::Receiver;
use serde_json::json;

use super::{channel, settled, test_message};
use crate::helpers::{TestApp, TestDb};

const SETTINGS: [(&str, &str); 2] = [
    ("BANGUI_NOTIFY_ALLOW_PRIVATE_URLS", "true"),
    ("BANGUI_NOTIFY_MAX_PER_MINUTE", "30"),
];

#[tokio::test]
async fn two_instances_send_each_message_once() {
    let Some(db) = TestDb::postgres().await else {
        // Needs BANGUI_TEST_POSTGRES_URL (set by .ci/run).
        return;
    };
    let shared = db.share();
    let a = TestApp::spawn_with(db, None, &SETTINGS).await;
    let b = TestApp::spawn_with(shared, None, &SETTINGS).await;
    let admin = a.admin().await;
    let receiver = Receiver::start().await;
    let hook = channel(
        &a,
        &admin,
        json!({ "name": "hook", "kind": "WEBHOOK", "target": receiver.url("/hook") }),
    )
    .await;
    // A test message made on one instance is sent once, by either.
    let delivery = test_message(&b, &admin, &hook).await;
    assert_eq!(settled(&a, &admin, &delivery).await["status"], "DELIVERED");
    assert_eq!(receiver.received().len(), 1);

    let rule = b
        .gql(
            &admin,
            "mutation($i: NotificationRuleInput!) { createNotificationRule(input: $i) { id } }",
            json!({ "i": { "name": "sshd", "trigger": "BAN", "channelIds": [hook], "jails": ["sshd"] } }),
        )
        .await;
    assert!(rule["errors"].is_null(), "{rule}");
    // Both instances read their rules again after a few seconds.
    tokio::time::sleep(Duration::from_secs(6)).await;
    let state = a.running.as_ref().unwrap().state.clone();
    let bans: Vec<NewBan> = (1..=3)
        .map(|i| NewBan {
            ip: format!("198.51.100.{i}"),
            jail: "sshd".into(),
            banned_at: bangui_core::time::now(),
            ban_time: 600,
            ban_count: 1,
            origin: Origin::Fail2ban,
            source_id: None,
            country_code: None,
            host_id: archive::LOCAL_HOST_ID,
        })
        .collect();
    archive::record_bans(&state.db, &bans).await.unwrap();
    let started = Instant::now();
    while receiver.received().len() < 2 {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the bans were not told"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Longer than a slot: no second copy from the other instance.
    tokio::time::sleep(Duration::from_secs(5)).await;
    let got = receiver.received();
    assert_eq!(got.len(), 2, "{got:?}");
    let body = got[1].json();
    assert_eq!(
        (&body["count"], &body["text"]),
        (
            &json!(3),
            &json!("198.51.100.1 and 2 more bans in sshd since the last message.")
        ),
        "{body}"
    );
    a.stop().await;
    b.stop().await;
}
