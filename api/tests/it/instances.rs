//! Several instances on one PostgreSQL database: sessions valid everywhere,
//! every event delivered on every instance, each scheduled tick run once.

use std::time::Duration;

use bangui_core::archive::{self, NewBan, Origin};
use serde_json::json;

use crate::helpers::{TestApp, TestDb};
use crate::ws::{next, subscribe};

#[tokio::test]
async fn two_instances_share_sessions_events_and_ticks() {
    let Some(db) = TestDb::postgres().await else {
        // Needs BANGUI_TEST_POSTGRES_URL (set by .ci/run).
        return;
    };
    let shared = db.share();
    let a = TestApp::spawn_on(db).await;
    let b = TestApp::spawn_on(shared).await;

    // A session made on one instance works on the other.
    let token = a.admin().await;
    let viewer = b.gql(&token, "{ viewer { username } }", json!({})).await;
    assert_eq!(viewer["data"]["viewer"]["username"], "admin");

    // An event archived through instance A reaches a subscriber of instance B.
    let mut socket = subscribe(
        &b,
        &token,
        "subscription { banEvents { ip jail } }",
        json!({}),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    let state = a.running.as_ref().unwrap().state.clone();
    let ban = NewBan {
        ip: "192.0.2.200".into(),
        jail: "sshd".into(),
        banned_at: 1_000,
        ban_time: 600,
        ban_count: 1,
        origin: Origin::Manual,
        source_id: None,
        country_code: None,
    };
    archive::record_bans(&state.db, &[ban]).await.unwrap();
    let event = next(&mut socket, Duration::from_secs(5)).await.unwrap();
    assert_eq!(
        event["payload"]["data"]["banEvents"],
        json!({ "ip": "192.0.2.200", "jail": "sshd" })
    );

    // Both instances race for the same tick: exactly one wins it.
    let db_b = b.running.as_ref().unwrap().state.db.clone();
    let mut claims = Vec::new();
    for i in 0..20 {
        let db = if i % 2 == 0 {
            state.db.clone()
        } else {
            db_b.clone()
        };
        claims.push(tokio::spawn(async move {
            bangui_jobs::lease::claim(&db, "test-job", 4_000)
                .await
                .unwrap()
        }));
    }
    let mut won = 0;
    for claim in claims {
        won += usize::from(claim.await.unwrap());
    }
    assert_eq!(won, 1);
    a.stop().await;
    b.stop().await;
}
