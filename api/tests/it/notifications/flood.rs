//! A flood: blocklist bans archived in a rule's jail, as a big import
//! writes them (5,000 here; `BANGUI_TEST_FLOOD_BANS` for more), with the
//! default rate (3 messages a minute) make at most 5 messages, which
//! together tell every one of the bans.

use std::time::{Duration, Instant};

use bangui_core::archive::{self, NewBan, Origin};
use bangui_test_support::receiver::Receiver;
use serde_json::json;

use super::channel;
use crate::helpers::{TestApp, TestDb};

#[tokio::test]
async fn a_flood_of_bans_makes_a_handful_of_messages() {
    let db = TestDb::sqlite();
    let url = db.url.clone();
    let app = TestApp::spawn_with(db, None, &[("BANGUI_NOTIFY_ALLOW_PRIVATE_URLS", "true")]).await;
    let admin = app.admin().await;
    let receiver = Receiver::start().await;
    let hook = channel(
        &app,
        &admin,
        json!({ "name": "hook", "kind": "WEBHOOK", "target": receiver.url("/hook") }),
    )
    .await;
    let rule = app
        .gql(
            &admin,
            "mutation($i: NotificationRuleInput!) { createNotificationRule(input: $i) { id } }",
            json!({ "i": { "name": "blocklist bans", "trigger": "BAN", "channelIds": [hook], "jails": ["blocklist"] } }),
        )
        .await;
    assert!(rule["errors"].is_null(), "{rule}");

    // Written as an import writes them: in batches, as fast as the archive takes them.
    let bans_wanted: usize = std::env::var("BANGUI_TEST_FLOOD_BANS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(5_000);
    let writer = bangui_core::db::connect(&url).await.unwrap();
    let started = Instant::now();
    let now = bangui_core::time::now();
    for batch in 0..bans_wanted.div_ceil(500) {
        let bans: Vec<NewBan> = (0..500)
            .map(|i| {
                let n = batch * 500 + i;
                NewBan {
                    ip: format!("45.{}.{}.{}", 10 + n / 62_500, (n / 250) % 250, 1 + n % 250),
                    jail: "blocklist".into(),
                    banned_at: now,
                    ban_time: 86_400,
                    ban_count: 1,
                    origin: Origin::Blocklist,
                    source_id: None,
                    country_code: None,
                    host_id: archive::LOCAL_HOST_ID,
                }
            })
            .collect();
        archive::record_bans(&writer, &bans).await.unwrap();
    }
    let written = started.elapsed();
    let bans_written = bans_wanted.div_ceil(500) * 500;
    eprintln!("{bans_written} bans written in {written:?}");

    // Every delivery made is sent; together they tell every ban.
    let settled = Instant::now();
    let told = loop {
        let body = app
            .gql(
                &admin,
                "{ deliveries(first: 20) { nodes { status } } }",
                json!({}),
            )
            .await;
        let nodes = body["data"]["deliveries"]["nodes"]
            .as_array()
            .unwrap()
            .clone();
        let total: u64 = receiver
            .received()
            .iter()
            .map(|r| r.json()["count"].as_u64().unwrap())
            .sum();
        if total == bans_written as u64 && nodes.iter().all(|n| n["status"] == "DELIVERED") {
            break nodes.len();
        }
        assert!(
            settled.elapsed() < Duration::from_secs(240),
            "after {written:?} of writing: {total} bans told in {nodes:?}"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    let messages = receiver.received();
    assert_eq!(messages.len(), told);
    assert!(
        (1..=5).contains(&messages.len()),
        "{} messages for {bans_written} bans written in {written:?}",
        messages.len()
    );
    let first = messages[0].json();
    assert_eq!(first["jail"], "blocklist");
    assert_eq!(first["origin"], "BLOCKLIST");
    let last = messages.last().unwrap().json();
    let count = last["count"].as_u64().unwrap();
    // A flood's messages each stand for many bans.
    assert!(count > 1, "{last}");
    assert_eq!(
        last["text"],
        format!(
            "{} and {} more bans in blocklist since the last message.",
            last["ip"].as_str().unwrap(),
            bangui_core::notify::thousands(count - 1)
        )
    );
    eprintln!(
        "{bans_written} bans written in {written:?}, told in {} messages ({:?} after the last write)",
        messages.len(),
        settled.elapsed()
    );
    app.stop().await;
}
