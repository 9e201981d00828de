//! Input from outside: checked before it is stored, coded when refused, and
//! nothing read past a role.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp, TestDb, code};

use super::message;

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
    let base = bangui_test_support::lists::serve(axum::Router::new().route(
        "/drop.txt",
        axum::routing::get(|| async { "203.0.113.5\n198.51.100.7\n" }),
    ))
    .await;
    let url = base.replacen("http://", "http://lister:s3cret@", 1) + "/drop.txt?key=t0ken";
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
    let shown = format!("{base}/drop.txt?key=REDACTED");
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
