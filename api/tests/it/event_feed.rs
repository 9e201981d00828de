//! A ban event feed that opens with the last events its filter selects
//! (`banEvents(last:)`), then goes on live.

use std::time::Duration;

use bangui_core::archive::{self, NewBan};
use serde_json::json;

use crate::archive::ban;
use crate::helpers::TestApp;
use crate::ws::{next, subscribe};

#[tokio::test]
async fn a_feed_opens_with_the_last_events_its_filter_selects() {
    let app = TestApp::spawn().await;
    let token = app.admin().await;
    let state = app.running.as_ref().unwrap().state.clone();
    // 30 bans; every third in postfix.
    let bans: Vec<NewBan> = (0..30)
        .map(|i| NewBan {
            jail: if i % 3 == 0 { "postfix" } else { "sshd" }.to_owned(),
            ..ban(&format!("192.0.2.{i}"), 1_000 + i)
        })
        .collect();
    archive::record_bans(&state.db, &bans).await.unwrap();
    let read = |socket| async move {
        let mut socket = socket;
        let mut seen = Vec::new();
        while let Ok(Ok(message)) = tokio::time::timeout(
            Duration::from_millis(700),
            next(&mut socket, Duration::from_secs(5)),
        )
        .await
        {
            seen.push(
                message["payload"]["data"]["banEvents"]["ip"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
            );
        }
        seen
    };
    let all = subscribe(
        &app,
        &token,
        "subscription { banEvents(last: 4) { ip } }",
        json!({}),
    )
    .await;
    assert_eq!(
        read(all).await,
        ["192.0.2.26", "192.0.2.27", "192.0.2.28", "192.0.2.29"]
    );
    let postfix = subscribe(
        &app,
        &token,
        "subscription { banEvents(last: 3, filter: { jails: [\"postfix\"] }) { ip } }",
        json!({}),
    )
    .await;
    assert_eq!(
        read(postfix).await,
        ["192.0.2.21", "192.0.2.24", "192.0.2.27"]
    );
    // Asking for more than there are gives them all; then live ones follow.
    let mut few = subscribe(
        &app,
        &token,
        "subscription { banEvents(last: 100, filter: { jails: [\"postfix\"] }) { ip } }",
        json!({}),
    )
    .await;
    for i in (0..30).step_by(3) {
        let message = next(&mut few, Duration::from_secs(5)).await.unwrap();
        assert_eq!(
            message["payload"]["data"]["banEvents"]["ip"],
            format!("192.0.2.{i}")
        );
    }
    archive::record_bans(
        &state.db,
        &[NewBan {
            jail: "postfix".to_owned(),
            ..ban("198.51.100.1", 5_000)
        }],
    )
    .await
    .unwrap();
    let live = next(&mut few, Duration::from_secs(10)).await.unwrap();
    assert_eq!(live["payload"]["data"]["banEvents"]["ip"], "198.51.100.1");

    for (query, message) in [
        (
            "subscription { banEvents(last: 0) { ip } }",
            "last is 1 to 100, not 0",
        ),
        (
            "subscription($a: String) { banEvents(last: 2, after: $a) { ip } }",
            "give `after` or `last`, not both",
        ),
    ] {
        let mut socket = subscribe(
            &app,
            &token,
            query,
            json!({ "a": bangui_core::pagination::encode("event", &2i64) }),
        )
        .await;
        let refused = next(&mut socket, Duration::from_secs(5)).await.unwrap();
        let first = &refused["payload"]["errors"][0];
        assert_eq!(first["message"], message, "{refused}");
        assert_eq!(first["extensions"]["code"], "BAD_USER_INPUT", "{refused}");
    }
    app.stop().await;
}
