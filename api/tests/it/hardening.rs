//! The attacks BanGUI must survive, each with its bound: query bombs, password
//! hashing floods, hoarded connections, unbounded input, reads past a role,
//! uncoded errors, rebinding, unbannable addresses, tunnelled URLs, a full disk.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::helpers::{PASSWORD, TestApp, TestDb, code};

/// Resident memory of this process (the server runs in it), in MiB.
fn rss_mib() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * 4096 / (1024 * 1024))
}

/// Fragments that each spread the next ten times, eight levels deep.
fn bomb() -> String {
    let mut doc = String::from("{...F0}");
    for level in 0..8 {
        let spreads = vec![format!("...F{}", level + 1); 10].join(" ");
        doc.push_str(&format!(" fragment F{level} on Query{{{spreads}}}"));
    }
    doc.push_str(" fragment F8 on Query{__typename}");
    doc
}

fn message(body: &Value) -> &str {
    body["errors"][0]["message"]
        .as_str()
        .unwrap_or("<no error>")
}

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

#[tokio::test]
async fn outside_input_is_checked_before_it_is_stored_or_counted() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    // A huge username is refused, and what the audit log keeps is bounded.
    for _ in 0..3 {
        let body = app
            .graphql(
                "mutation($u: String!, $p: String!) { setup(username: $u, password: $p) { token } }",
                json!({ "u": "u".repeat(900_000), "p": PASSWORD }),
            )
            .await;
        assert_eq!(code(&body), "BAD_USER_INPUT", "{body}");
    }
    let log = app
        .gql(
            &admin,
            "{ auditLog(first: 10) { action target } }",
            json!({}),
        )
        .await;
    let targets: Vec<usize> = log["data"]["auditLog"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["action"] == "setup")
        .map(|n| n["target"].as_str().map_or(0, str::len))
        .collect();
    assert_eq!(targets, [256, 256, 256, 5]);
    // Made-up methods are one label.
    let client = reqwest::Client::new();
    for i in 0..50 {
        let method = reqwest::Method::from_bytes(format!("FOO{i}").as_bytes()).unwrap();
        client
            .request(method, app.url("/graphql"))
            .send()
            .await
            .unwrap();
    }
    let metrics = client
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(metrics.matches("method=\"FOO").count(), 0);
    let other: Vec<&str> = metrics
        .lines()
        .filter(|l| l.starts_with("bangui_http_requests_total{") && l.contains("method=\"OTHER\""))
        .collect();
    assert_eq!(other.len(), 1, "{other:?}");
    assert!(other[0].ends_with(" 50"), "{other:?}");
    // A bulk list over the maximum is refused at once.
    let ips: Vec<String> = (0..1_001)
        .map(|i| format!("198.18.{}.{}", i / 250, i % 250 + 1))
        .collect();
    let body = app
        .gql(
            &admin,
            "mutation($ips: [String!]!) { banIps(jail: \"sshd\", ips: $ips) { banned } }",
            json!({ "ips": ips }),
        )
        .await;
    assert_eq!(code(&body), "BAD_USER_INPUT");
    assert_eq!(
        message(&body),
        "at most 1000 addresses per call, not 1001; import longer lists as a blocklist source"
    );
    app.stop().await;
}

#[tokio::test]
async fn viewers_see_no_list_credentials_and_no_server_paths() {
    let app = TestApp::spawn_with(
        TestDb::sqlite(),
        None,
        &[("BANGUI_BLOCKLIST_ALLOW_PRIVATE_URLS", "true")],
    )
    .await;
    let admin = app.admin().await;
    let viewer = app.user(&admin, "vera", "VIEWER").await;
    // The list downloads; banning it needs fail2ban, which is not there.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let lists = axum::Router::new().route(
        "/drop.txt",
        axum::routing::get(|| async { "203.0.113.5\n198.51.100.7\n" }),
    );
    tokio::spawn(async move { axum::serve(listener, lists).await });
    let url = format!("http://lister:s3cret@127.0.0.1:{port}/drop.txt?key=t0ken");
    let url = url.as_str();
    let made = app
        .gql(
            &admin,
            "mutation($i: BlocklistSourceInput!) { createBlocklistSource(input: $i) { id } }",
            json!({ "i": { "name": "drop", "url": url, "jail": "blocklist" } }),
        )
        .await;
    let source = made["data"]["createBlocklistSource"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let started = app
        .gql(
            &admin,
            "mutation($s: ID!) { importBlocklist(sourceId: $s) { id } }",
            json!({ "s": source }),
        )
        .await;
    let run = started["data"]["importBlocklist"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let read = "query($r: ID!) { importRun(id: $r) { status error source { url } } importRuns(first: 5) { nodes { source { url } } } }";
    let deadline = Instant::now() + Duration::from_secs(30);
    let as_viewer = loop {
        let body = app.gql(&viewer, read, json!({ "r": run })).await;
        if body["data"]["importRun"]["status"] == "FAILED" {
            break body;
        }
        assert!(Instant::now() < deadline, "{body}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let shown = format!("http://127.0.0.1:{port}/drop.txt?key=REDACTED");
    assert_eq!(as_viewer["data"]["importRun"]["source"]["url"], shown);
    assert_eq!(
        as_viewer["data"]["importRun"]["error"],
        "fail2ban is not reachable"
    );
    assert_eq!(
        as_viewer["data"]["importRuns"]["nodes"][0]["source"]["url"],
        shown
    );
    let text = as_viewer.to_string();
    for secret in ["s3cret", "t0ken", "lister", "/nonexistent", "fail2ban.sock"] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    let as_admin = app.gql(&admin, read, json!({ "r": run })).await;
    assert_eq!(as_admin["data"]["importRun"]["source"]["url"], url);
    app.stop().await;
}

#[tokio::test]
async fn every_bad_input_gets_a_code_and_a_sentence() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let dashboard = "query($s: DateTime!) { dashboard(since: $s) { summary { totalBans } } }";
    let cases: Vec<(&str, Value, &str)> = vec![
        (
            "{ dashboard(since: \"not-a-date\") { summary { totalBans } } }",
            json!({}),
            "Failed to parse \"DateTime\": input contains invalid characters (a DateTime is an RFC 3339 date and time with its offset, such as 2026-12-01T08:00:00Z)",
        ),
        (
            "{ dashboard(since: \"2024-02-30T00:00:00Z\") { summary { totalBans } } }",
            json!({}),
            "Failed to parse \"DateTime\": input is out of range (a DateTime is an RFC 3339 date and time with its offset, such as 2026-12-01T08:00:00Z)",
        ),
        (
            "{ dashboard(since: \"2024-02-01T00:00:00\") { summary { totalBans } } }",
            json!({}),
            "Failed to parse \"DateTime\": premature end of input (a DateTime is an RFC 3339 date and time with its offset, such as 2026-12-01T08:00:00Z)",
        ),
        (
            "{ dashboard(since: 5) { summary { totalBans } } }",
            json!({}),
            "Expected input type \"DateTime\", found 5. (a DateTime is an RFC 3339 date and time with its offset, such as 2026-12-01T08:00:00Z)",
        ),
        (
            dashboard,
            json!({}),
            "the variable $s has no value: send it in \"variables\"",
        ),
        (
            "mutation { updateBlocklistSource(id: \"1\", input: {name: \"x\", url: \"http://a\", jail: \"x\", intervalMinutes: 2147483648}) { id } }",
            json!({}),
            "Failed to parse \"Int\": Only integers from -2147483648 to 2147483647 are accepted. (occurred while parsing \"BlocklistSourceInput\")",
        ),
    ];
    for (query, variables, expected) in cases {
        let body = app.gql(&admin, query, variables).await;
        assert_eq!(code(&body), "BAD_USER_INPUT", "{query}: {body}");
        assert_eq!(message(&body), expected, "{query}");
    }
    let bad_variable = app
        .gql(&admin, dashboard, json!({ "s": "yesterday" }))
        .await;
    assert_eq!(code(&bad_variable), "BAD_USER_INPUT", "{bad_variable}");

    let post = |body: &'static [u8], content_type: &'static str| {
        app.client
            .post(app.url("/graphql"))
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    for (body, content_type, status, expected) in [
        (
            &b"{\"query\": "[..],
            "application/json",
            400,
            "the body is not valid JSON: EOF while parsing a value at line 1 column 10",
        ),
        (
            b"query=1",
            "text/plain",
            415,
            "a POST to /graphql must have Content-Type: application/json",
        ),
        (
            b"[1, 2]",
            "application/json",
            400,
            "the body must be a GraphQL request ({\"query\": ..., \"variables\": {...}}) or a list of them",
        ),
    ] {
        let response = post(body, content_type).await.unwrap();
        assert_eq!(response.status(), status);
        let json: Value = response.json().await.unwrap();
        assert_eq!(code(&json), "BAD_USER_INPUT", "{json}");
        assert_eq!(message(&json), expected);
    }
    let big = app
        .client
        .post(app.url("/graphql"))
        .header("content-type", "application/json")
        .body(vec![b' '; 2 << 20])
        .send()
        .await
        .unwrap();
    assert_eq!(big.status(), 413);
    let json: Value = big.json().await.unwrap();
    assert_eq!(code(&json), "BAD_USER_INPUT");
    assert_eq!(
        message(&json),
        "the request body is larger than 1048576 bytes"
    );
    app.stop().await;
}

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
