//! Several instances on one PostgreSQL database: sessions valid everywhere,
//! every event delivered on every instance, each scheduled tick run once.

use std::time::Duration;

use bangui_core::archive::{self, NewBan, Origin};
use serde_json::json;

use crate::helpers::{TestApp, TestDb, code};
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
        host_id: bangui_core::archive::LOCAL_HOST_ID,
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

/// A query that needs VIEWER: answered, or refused as unauthenticated.
const PROBE: &str = "{ bans(first: 1) { pageInfo { hasNextPage } } }";

/// Whether `app` accepts `token` now.
async fn accepted(app: &TestApp, token: &str) -> bool {
    let out = app.gql(token, PROBE, json!({})).await;
    if out["data"]["bans"]["pageInfo"]["hasNextPage"] == json!(false) {
        return true;
    }
    assert_eq!(code(&out), "UNAUTHENTICATED", "{out}");
    false
}

/// Waits until `token` is refused by `app`, at most `within`; how long it took.
async fn refused_within(app: &TestApp, token: &str, within: Duration) -> Option<Duration> {
    let started = std::time::Instant::now();
    while started.elapsed() < within {
        if !accepted(app, token).await {
            return Some(started.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    None
}

#[tokio::test]
async fn a_revocation_on_one_instance_holds_at_once_on_the_other() {
    let Some(db) = TestDb::postgres().await else {
        // Needs BANGUI_TEST_POSTGRES_URL (set by .ci/run).
        return;
    };
    let shared = db.share();
    let a = TestApp::spawn_on(db).await;
    let b = TestApp::spawn_on(shared).await;
    let admin = a.admin().await;
    // Well under the five seconds a cached credential lives.
    let at_once = Duration::from_millis(1_500);

    // A session signed out on A, cached on B, with a subscription open on B.
    let session = a.user(&admin, "colleague", "VIEWER").await;
    assert!(accepted(&b, &session).await);
    let mut socket = subscribe(&b, &session, "subscription { banEvents { ip } }", json!({})).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let out = a.gql(&session, "mutation { logout }", json!({})).await;
    assert_eq!(out, json!({ "data": { "logout": true } }));
    assert!(refused_within(&b, &session, at_once).await.is_some());
    assert_eq!(next(&mut socket, at_once).await, Err(4401));

    // An API token revoked on A.
    let token = a.api_token(&admin, "ci", "VIEWER").await;
    assert!(accepted(&b, &token).await);
    let listed = a.gql(&admin, "{ apiTokens { id name } }", json!({})).await;
    let id = listed["data"]["apiTokens"][0]["id"].clone();
    assert_eq!(listed["data"]["apiTokens"][0]["name"], "ci");
    let out = a
        .gql(
            &admin,
            "mutation($id: ID!) { revokeApiToken(id: $id) }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(out, json!({ "data": { "revokeApiToken": true } }));
    assert!(refused_within(&b, &token, at_once).await.is_some());

    // A user deleted on A: the sessions end on B as well.
    let other = a.user(&admin, "leaver", "OPERATOR").await;
    assert!(accepted(&b, &other).await);
    let users = a.gql(&admin, "{ users { id username } }", json!({})).await;
    let leaver = users["data"]["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == "leaver")
        .unwrap()["id"]
        .clone();
    let out = a
        .gql(
            &admin,
            "mutation($id: ID!) { deleteUser(id: $id) }",
            json!({ "id": leaver }),
        )
        .await;
    assert_eq!(out, json!({ "data": { "deleteUser": true } }));
    assert!(refused_within(&b, &other, at_once).await.is_some());

    // The admin's own session was never dropped.
    assert!(accepted(&b, &admin).await);
    let still = b.gql(&admin, "{ viewer { username } }", json!({})).await;
    assert_eq!(still["data"]["viewer"]["username"], "admin");
    a.stop().await;
    b.stop().await;
}
