//! Floods: query bombs, password hashing, guesses, hoarded connections, huge messages.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::helpers::{PASSWORD, TestApp, TestDb, code};

use super::{bomb, message, rss_mib};

#[tokio::test]
async fn fragment_bombs_are_refused_before_they_expand() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let document = bomb();
    assert!(document.len() <= 701, "{}", document.len());
    let before = rss_mib();
    let started = Instant::now();
    let (a, b, health) = tokio::join!(
        app.graphql(&document, json!({})),
        app.graphql(&document, json!({})),
        app.client.get(app.url("/healthz")).send(),
    );
    for body in [&a, &b] {
        assert_eq!(code(body), "GRAPHQL_VALIDATION_FAILED", "{body}");
        assert_eq!(
            message(body),
            "the document selects 100000000 fields with its fragments expanded; at most 200 are accepted without signing in"
        );
    }
    assert_eq!(health.unwrap().status(), 200);
    let signed_in = app.gql(&admin, &document, json!({})).await;
    assert_eq!(
        message(&signed_in),
        "the document selects 100000000 fields with its fragments expanded; at most 2000 are accepted"
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert!(rss_mib() < before + 20, "{before} MiB -> {} MiB", rss_mib());
    // A long document is refused on its length, before it is parsed.
    let long = format!("{{ {} }}", "__typename ".repeat(1_000));
    assert_eq!(
        message(&app.graphql(&long, json!({})).await),
        "the document is 11004 bytes long; at most 8192 are accepted without signing in"
    );
    app.stop().await;
}

#[tokio::test]
async fn setup_after_setup_costs_no_hash() {
    let app = TestApp::spawn().await;
    app.admin().await;
    let before = rss_mib();
    let calls = (0..100).map(|i| {
        app.graphql(
            "mutation($u: String!, $p: String!) { setup(username: $u, password: $p) { token } }",
            json!({ "u": format!("intruder{i}"), "p": PASSWORD }),
        )
    });
    for body in futures::future::join_all(calls).await {
        assert_eq!(code(&body), "CONFLICT", "{body}");
        assert_eq!(message(&body), "setup is already done; sign in instead");
    }
    // 100 argon2 hashes at once would take 19 MiB each.
    assert!(rss_mib() < before + 40, "{before} MiB -> {} MiB", rss_mib());
    app.stop().await;
}

#[tokio::test]
async fn parallel_guesses_are_counted_before_they_are_checked_and_spare_the_owner() {
    let app = TestApp::spawn_with(TestDb::sqlite(), None, &[("BANGUI_TRUST_PROXY", "true")]).await;
    app.admin().await;
    let login = |password: &'static str, from: &'static str| {
        app.client
            .post(app.url("/graphql"))
            .header("x-forwarded-for", from)
            .json(&json!({
                "query": "mutation($p: String!) { login(username: \"admin\", password: $p) { token } }",
                "variables": { "p": password },
            }))
            .send()
    };
    let guesses = (0..60).map(|_| async {
        login("not the password", "198.51.100.66")
            .await
            .unwrap()
            .json::<Value>()
            .await
            .unwrap()
    });
    let answers = futures::future::join_all(guesses).await;
    let count = |wanted: &str| answers.iter().filter(|b| code(b) == wanted).count();
    assert_eq!(count("UNAUTHENTICATED"), 5);
    assert_eq!(count("RATE_LIMITED"), 55);
    // The owner, from another address, is not locked out.
    let owner: Value = login(PASSWORD, "203.0.113.20")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(owner["data"]["login"]["token"].is_string(), "{owner}");
    app.stop().await;
}

#[tokio::test]
async fn current_password_guesses_are_limited_like_sign_ins() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let change = "mutation($c: String!) { changePassword(currentPassword: $c, newPassword: \"another long password\") }";
    let mut codes = Vec::new();
    for _ in 0..7 {
        let body = app.gql(&admin, change, json!({ "c": "wrong guess" })).await;
        codes.push(code(&body).to_owned());
    }
    assert_eq!(
        codes,
        [
            "BAD_USER_INPUT",
            "BAD_USER_INPUT",
            "BAD_USER_INPUT",
            "BAD_USER_INPUT",
            "BAD_USER_INPUT",
            "RATE_LIMITED",
            "RATE_LIMITED"
        ]
    );
    app.stop().await;
}

#[tokio::test]
async fn concurrent_hashes_are_bounded() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let before = rss_mib();
    let creates = (0..120).map(|i| {
        app.gql(
            &admin,
            "mutation($u: String!, $p: String!) { createUser(username: $u, password: $p, role: VIEWER) { id } }",
            json!({ "u": format!("user{i}"), "p": PASSWORD }),
        )
    });
    let answers = futures::future::join_all(creates).await;
    let limited = answers.iter().filter(|b| code(b) == "RATE_LIMITED").count();
    let created = answers
        .iter()
        .filter(|b| b["data"]["createUser"]["id"].is_string())
        .count();
    assert_eq!(limited + created, 120, "{answers:?}");
    assert!(
        limited > 0,
        "some of 120 parallel hashes must be turned away"
    );
    for body in answers.iter().filter(|b| code(b) == "RATE_LIMITED") {
        assert_eq!(message(body), "too many attempts; try again in 1 s");
    }
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get) as u64;
    assert!(
        rss_mib() < before + 20 * cores + 40,
        "{before} MiB -> {} MiB",
        rss_mib()
    );
    app.stop().await;
}

#[tokio::test]
async fn silent_and_slow_connections_are_dropped_and_health_answers_at_the_cap() {
    let app = TestApp::spawn_with(
        TestDb::sqlite(),
        None,
        &[
            ("BANGUI_MAX_CONNECTIONS", "40"),
            ("BANGUI_HEADER_TIMEOUT_SECS", "1"),
        ],
    )
    .await;
    let mut silent = Vec::new();
    for _ in 0..60 {
        silent.push(tokio::net::TcpStream::connect(app.addr).await.unwrap());
    }
    let health = reqwest::Client::new()
        .get(app.url("/healthz"))
        .timeout(Duration::from_secs(3))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    // Headers a byte at a time: cut at the header timeout.
    let mut slow = tokio::net::TcpStream::connect(app.addr).await.unwrap();
    let started = Instant::now();
    slow.write_all(b"GET /healthz HTTP/1.1\r\n").await.unwrap();
    let mut buf = [0u8; 64];
    let closed = loop {
        if slow.write_all(b"X").await.is_err() {
            break started.elapsed();
        }
        match tokio::time::timeout(Duration::from_millis(300), slow.read(&mut buf)).await {
            Ok(Ok(0) | Err(_)) => break started.elapsed(),
            _ if started.elapsed() > Duration::from_secs(10) => panic!("slow headers held"),
            _ => {}
        }
    };
    assert!(closed < Duration::from_secs(4), "{closed:?}");
    // The silent ones are gone too.
    let mut first = silent.remove(0);
    let mut byte = [0u8; 1];
    assert_eq!(first.read(&mut byte).await.unwrap_or(0), 0);
    app.stop().await;
}

#[tokio::test]
async fn websocket_messages_over_the_limit_close_with_1009() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let mut socket = crate::ws::open(&app, None).await.unwrap();
    crate::ws::send(
        &mut socket,
        json!({ "type": "connection_init", "payload": { "token": admin } }),
    )
    .await;
    assert_eq!(
        crate::ws::next(&mut socket, Duration::from_secs(5))
            .await
            .unwrap()["type"],
        "connection_ack"
    );
    let huge =
        json!({ "id": "1", "type": "subscribe", "payload": { "query": "x".repeat(2 << 20) } });
    crate::ws::send(&mut socket, huge).await;
    assert_eq!(
        crate::ws::next(&mut socket, Duration::from_secs(5)).await,
        Err(1009)
    );
    app.stop().await;
}
