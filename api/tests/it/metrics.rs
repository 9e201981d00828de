//! `/metrics`: who may read it, and what it tells: fail2ban and its jails,
//! GraphQL operations, the archive sync, imports, sockets and the database.

use serde_json::json;

use crate::helpers::{TestApp, TestDb};

#[tokio::test]
async fn metrics_answer_loopback_and_admins_unless_made_public() {
    let app = TestApp::spawn_with(TestDb::sqlite(), None, &[("BANGUI_TRUST_PROXY", "true")]).await;
    let admin = app.admin().await;
    let viewer = app.user(&admin, "vera", "VIEWER").await;
    let get = |from: Option<&'static str>, token: Option<&str>| {
        let mut request = app.client.get(app.url("/metrics"));
        if let Some(from) = from {
            request = request.header("x-forwarded-for", from);
        }
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send()
    };
    assert_eq!(get(None, None).await.unwrap().status(), 200);
    let outside = Some("203.0.113.5");
    assert_eq!(get(outside, None).await.unwrap().status(), 401);
    assert_eq!(get(outside, Some(&viewer)).await.unwrap().status(), 403);
    let as_admin = get(outside, Some(&admin)).await.unwrap();
    assert_eq!(as_admin.status(), 200);
    assert!(
        as_admin
            .text()
            .await
            .unwrap()
            .contains("bangui_http_requests_total")
    );
    app.stop().await;

    let public = TestApp::spawn_with(
        TestDb::sqlite(),
        None,
        &[
            ("BANGUI_TRUST_PROXY", "true"),
            ("BANGUI_METRICS_PUBLIC", "true"),
        ],
    )
    .await;
    let response = public
        .client
        .get(public.url("/metrics"))
        .header("x-forwarded-for", "203.0.113.5")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    public.stop().await;
}

/// The values of a metric's lines, by their labels, sorted.
fn metric(text: &str, name: &str) -> Vec<String> {
    let mut lines: Vec<String> = text
        .lines()
        .filter(|l| l.starts_with(name) && l[name.len()..].starts_with([' ', '{']))
        .map(|l| l[name.len()..].to_owned())
        .collect();
    lines.sort();
    lines
}

#[tokio::test]
async fn metrics_tell_fail2ban_jails_operations_and_the_database() {
    let app = TestApp::spawn_with_fail2ban().await;
    let admin = app.admin().await;
    let ban = app
        .gql(
            &admin,
            "mutation { banIp(jail: \"sshd\", ip: \"203.0.113.77\") { ip } }",
            json!({}),
        )
        .await;
    assert_eq!(ban["data"]["banIp"]["ip"], "203.0.113.77", "{ban}");
    for _ in 0..2 {
        app.client
            .post(app.url("/graphql"))
            .bearer_auth(&admin)
            .json(&json!({ "query": "query Me { viewer { username } }", "operationName": "Me" }))
            .send()
            .await
            .unwrap();
    }
    app.graphql("{ jails { name } }", json!({})).await;
    let text = app
        .client
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(metric(&text, "bangui_fail2ban_up"), [" 1"]);
    assert!(
        metric(&text, "bangui_jail_banned").contains(&"{jail=\"sshd\"} 1".to_owned()),
        "{text}"
    );
    assert!(
        metric(&text, "bangui_jail_failed").contains(&"{jail=\"sshd\"} 0".to_owned()),
        "{text}"
    );
    assert_eq!(
        metric(&text, "bangui_graphql_operations_total")
            .into_iter()
            .filter(|l| l.contains("operation=\"Me\"") || l.contains("UNAUTHENTICATED"))
            .collect::<Vec<_>>(),
        [
            "{operation=\"Me\",outcome=\"ok\"} 2",
            "{operation=\"anonymous\",outcome=\"UNAUTHENTICATED\"} 1"
        ]
    );
    assert_eq!(metric(&text, "bangui_websocket_connections"), [" 0"]);
    assert_eq!(metric(&text, "bangui_event_subscribers"), [" 0"]);
    assert_eq!(
        metric(&text, "bangui_import_runs"),
        [
            "{status=\"COMPLETED\"} 0",
            "{status=\"FAILED\"} 0",
            "{status=\"PENDING\"} 0",
            "{status=\"RUNNING\"} 0",
            "{status=\"SKIPPED\"} 0"
        ]
    );
    let lag = metric(&text, "bangui_archive_sync_lag_seconds");
    assert_eq!(lag.len(), 1, "{text}");
    assert!(lag[0].trim().parse::<i64>().unwrap() >= 0, "{lag:?}");
    assert_eq!(metric(&text, "bangui_db_connections").len(), 2, "{text}");
    app.stop().await;
}
