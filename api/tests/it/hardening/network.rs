//! The network and the machine: rebinding, unspecified and tunnelled
//! addresses, a full disk, WebSocket errors.

use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp, TestDb, code};

use super::message;

#[tokio::test]
async fn a_cookie_post_from_a_rebound_name_is_refused() {
    let app = TestApp::spawn().await;
    app.admin().await;
    let login = app
        .client
        .post(app.url("/graphql"))
        .json(&json!({ "query": format!("mutation {{ login(username: \"admin\", password: \"{PASSWORD}\") {{ token }} }}") }))
        .send()
        .await
        .unwrap();
    let cookie = login
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .unwrap()
        .to_owned();
    let port = app.addr.port();
    let post = |origin: String, host: String| {
        app.client
            .post(app.url("/graphql"))
            .header("cookie", cookie.clone())
            .header("origin", origin)
            .header("host", host)
            .json(&json!({ "query": "{ viewer { username } }" }))
            .send()
    };
    let rebound = post(
        format!("http://evil.example:{port}"),
        format!("evil.example:{port}"),
    )
    .await
    .unwrap();
    assert_eq!(rebound.status(), 403);
    let direct: Value = post(
        format!("http://127.0.0.1:{port}"),
        format!("127.0.0.1:{port}"),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(direct["data"]["viewer"]["username"], "admin");
    app.stop().await;
}

#[tokio::test]
async fn unspecified_addresses_and_tunnelled_private_urls_are_refused() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    for ip in ["0.0.0.0", "::"] {
        let body = app
            .gql(
                &admin,
                "mutation($ip: String!) { banIp(jail: \"sshd\", ip: $ip) { ip } }",
                json!({ "ip": ip }),
            )
            .await;
        assert_eq!(code(&body), "BAD_USER_INPUT", "{body}");
        assert_eq!(
            message(&body),
            format!(
                "{ip} is the unspecified address, not the address of a client: it cannot be banned"
            )
        );
    }
    for url in [
        "http://[2002:7f00:1::1]/list.txt",
        "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/l",
    ] {
        let body = app
            .gql(
                &admin,
                "mutation($i: BlocklistSourceInput!) { createBlocklistSource(input: $i) { id } }",
                json!({ "i": { "name": "t", "url": url, "jail": "blocklist" } }),
            )
            .await;
        assert_eq!(code(&body), "BAD_USER_INPUT", "{url}: {body}");
        assert!(
            message(&body).contains("BANGUI_BLOCKLIST_ALLOW_PRIVATE_URLS"),
            "{body}"
        );
    }
    app.stop().await;
}

#[tokio::test]
async fn readiness_fails_while_the_disk_is_full() {
    let full = TestApp::spawn_with(
        TestDb::sqlite(),
        None,
        &[("BANGUI_MIN_FREE_DISK_MB", "1000000000000")],
    )
    .await;
    let ready = full.client.get(full.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 503);
    let body: Value = ready.json().await.unwrap();
    assert_eq!(body["database"]["diskFull"], true);
    assert_eq!(body["status"], "degraded");
    full.stop().await;
    let roomy = TestApp::spawn().await;
    let ready = roomy.client.get(roomy.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 200);
    let body: Value = ready.json().await.unwrap();
    assert_eq!(body["database"]["diskFull"], false);
    roomy.stop().await;
}

/// The close frame's code and reason, skipping other messages.
async fn closed(socket: &mut crate::ws::Socket) -> (u16, String) {
    use futures::StreamExt;
    use tokio_tungstenite::tungstenite::Message;
    loop {
        let message = tokio::time::timeout(Duration::from_secs(5), socket.next())
            .await
            .expect("a message in time")
            .expect("socket open")
            .expect("valid frame");
        if let Message::Close(frame) = message {
            return frame.map_or((1005, String::new()), |f| {
                (u16::from(f.code), f.reason.to_string())
            });
        }
    }
}

#[tokio::test]
async fn websocket_errors_are_coded_sentences() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let signed_in = || async {
        let mut socket = crate::ws::open(&app, None).await.unwrap();
        crate::ws::send(
            &mut socket,
            json!({ "type": "connection_init", "payload": { "token": admin } }),
        )
        .await;
        crate::ws::next(&mut socket, Duration::from_secs(5))
            .await
            .unwrap();
        socket
    };
    let mut socket = signed_in().await;
    crate::ws::send(
        &mut socket,
        json!({ "id": "1", "type": "subscribe", "payload": { "query": "subscription { nope }" } }),
    )
    .await;
    let answer = crate::ws::next(&mut socket, Duration::from_secs(5))
        .await
        .unwrap();
    assert_eq!(answer["type"], "error", "{answer}");
    assert_eq!(answer["id"], "1");
    assert_eq!(
        answer["payload"][0]["extensions"]["code"],
        "GRAPHQL_VALIDATION_FAILED"
    );
    assert_eq!(
        answer["payload"][0]["message"],
        "Unknown field \"nope\" on type \"Subscription\"."
    );
    let mut socket = signed_in().await;
    use futures::SinkExt;
    socket
        .send(tokio_tungstenite::tungstenite::Message::Text(
            "not json".into(),
        ))
        .await
        .unwrap();
    assert_eq!(
        closed(&mut socket).await,
        (
            4400,
            "Invalid message: expected ident at line 1 column 2".to_owned()
        )
    );
    // A reason never outgrows a close frame.
    let mut socket = signed_in().await;
    let long = format!("{{\"type\": \"{}\"}}", "x".repeat(500));
    socket
        .send(tokio_tungstenite::tungstenite::Message::Text(long.into()))
        .await
        .unwrap();
    let (code, reason) = closed(&mut socket).await;
    assert_eq!(code, 4400);
    assert!(reason.len() <= 123, "{} bytes", reason.len());
    assert!(
        reason.starts_with("Invalid message: unknown variant"),
        "{reason}"
    );
    app.stop().await;
}
