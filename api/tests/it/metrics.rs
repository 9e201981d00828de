//! `/metrics`: who may read it, and what it tells: fail2ban and its jails,
//! GraphQL operations, the archive sync, imports, sockets and the database.

use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::json;

use crate::helpers::{TestApp, TestDb, completed_run};

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
    let state = app.running.as_ref().unwrap().state.clone();
    let mut archived = record_runs_and_bans(&app, &admin).await;
    // The tailer broadcasts what was archived; the scrape waits for it.
    let mut text = String::new();
    for _ in 0..100 {
        text = app
            .client
            .get(app.url("/metrics"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        archived = entity::ban_history::Entity::find()
            .count(&state.db)
            .await
            .unwrap();
        if metric(&text, "bangui_events_published_total") == [format!(" {archived}")] {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(
        metric(&text, "bangui_events_published_total"),
        [format!(" {archived}")],
        "{text}"
    );
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
            "{status=\"COMPLETED\"} 5",
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
    // Process-wide counters: every test in this binary adds to them, so only
    // their labels and that this test's own writes are among them are known.
    let statements = metric(&text, "bangui_db_statements_total");
    assert_eq!(statements.len(), 2, "{text}");
    assert!(
        statements[0].starts_with("{outcome=\"error\"} "),
        "{statements:?}"
    );
    let ok: u64 = statements[1]
        .strip_prefix("{outcome=\"ok\"} ")
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{statements:?}"));
    assert!(
        ok >= archived,
        "{ok} statements for {archived} archived rows"
    );
    assert_eq!(
        metric(&text, "bangui_event_subscribers_lagged_total"),
        [" 0"]
    );
    let archive = metric(&text, "bangui_archive_bans");
    assert!(
        archive.contains(&"{jail=\"blocklist\",origin=\"BLOCKLIST\"} 2".to_owned())
            && archive.contains(&"{jail=\"recidive\",origin=\"MANUAL\"} 1".to_owned()),
        "{text}"
    );
    assert_eq!(
        metric(&text, "bangui_import_run_duration_seconds_bucket"),
        [
            "{le=\"+Inf\"} 5",
            "{le=\"1.0\"} 1",
            "{le=\"14400.0\"} 4",
            "{le=\"15.0\"} 3",
            "{le=\"300.0\"} 4",
            "{le=\"3600.0\"} 4",
            "{le=\"5.0\"} 3",
            "{le=\"60.0\"} 3",
            "{le=\"900.0\"} 4",
        ]
    );
    assert_eq!(
        metric(&text, "bangui_import_run_duration_seconds_sum"),
        [" 20106.0"]
    );
    assert_eq!(
        metric(&text, "bangui_import_run_duration_seconds_count"),
        [" 5"]
    );
    app.stop().await;
}

/// Five finished runs (0, 3, 3, 100 and 20,000 seconds) of a new source, and
/// three archived bans; the archive's size after them.
async fn record_runs_and_bans(app: &TestApp, admin: &str) -> u64 {
    use bangui_core::archive::{self, NewBan, Origin};
    use sea_orm::ActiveModelTrait;
    let state = app.running.as_ref().unwrap().state.clone();
    let source = app.blocklist_source(admin, "list").await;
    for (n, secs) in [0_i64, 3, 3, 100, 20_000].into_iter().enumerate() {
        completed_run(source, 1_700_000_000 + n as i64, Some(secs))
            .insert(&state.db)
            .await
            .unwrap();
    }
    let ban = |ip: &str, jail: &str, origin: Origin| NewBan {
        ip: ip.into(),
        jail: jail.into(),
        banned_at: 1_000,
        ban_time: 600,
        ban_count: 1,
        origin,
        source_id: None,
        host_id: bangui_core::archive::LOCAL_HOST_ID,
        country_code: None,
    };
    archive::record_bans(
        &state.db,
        &[
            ban("192.0.2.1", "blocklist", Origin::Blocklist),
            ban("192.0.2.2", "blocklist", Origin::Blocklist),
            ban("192.0.2.3", "recidive", Origin::Manual),
        ],
    )
    .await
    .unwrap();
    entity::ban_history::Entity::find()
        .count(&state.db)
        .await
        .unwrap()
}

/// Archive queries repeated within a second are answered once, and a write to
/// the archive makes the next answer fresh at once.
#[tokio::test]
async fn repeated_archive_queries_are_answered_once_and_writes_are_seen_at_once() {
    let app = TestApp::spawn_with_fail2ban().await;
    let admin = app.admin().await;
    let page = "query Page { bans(first: 5) { edges { node { ip jail origin } } } }";
    let ips = |body: &serde_json::Value| -> Vec<String> {
        body["data"]["bans"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["ip"].as_str().unwrap().to_owned())
            .collect()
    };
    let cached = || async {
        let text = app
            .client
            .get(app.url("/metrics"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        metric(&text, "bangui_graphql_cached_answers_total")
    };
    let count = |lines: Vec<String>| -> u64 { lines[0].trim().parse().unwrap() };
    // Asked twice in a quiet archive: the second answer is the first's.
    let empty = app.gql(&admin, page, json!({})).await;
    assert!(ips(&empty).is_empty(), "{empty}");
    assert_eq!(app.gql(&admin, page, json!({})).await, empty);
    assert_eq!(count(cached().await), 1);
    // A write is seen by the very next query, not a second later.
    let banned = app
        .gql(
            &admin,
            "mutation { banIp(jail: \"sshd\", ip: \"203.0.113.50\") { alreadyBanned } }",
            json!({}),
        )
        .await;
    assert_eq!(banned["data"]["banIp"]["alreadyBanned"], false, "{banned}");
    assert_eq!(
        ips(&app.gql(&admin, page, json!({})).await),
        ["203.0.113.50"]
    );
    // Quiet again: of two answers, the second is reused.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let first = app.gql(&admin, page, json!({})).await;
    let before = count(cached().await);
    let second = app.gql(&admin, page, json!({})).await;
    assert_eq!(first, second);
    assert_eq!(ips(&second), ["203.0.113.50"]);
    assert_eq!(count(cached().await), before + 1);
    // A viewer's answer is its own: the same query is run again for it.
    let viewer = app.user(&admin, "vera", "VIEWER").await;
    assert_eq!(
        ips(&app.gql(&viewer, page, json!({})).await),
        ["203.0.113.50"]
    );
    assert_eq!(count(cached().await), before + 1);
    // An answer is kept a second at most.
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    assert_eq!(app.gql(&admin, page, json!({})).await, second);
    assert_eq!(count(cached().await), before + 1);
    // An unban is seen at once too.
    app.gql(
        &admin,
        "mutation { unbanIp(ip: \"203.0.113.50\") { jails } }",
        json!({}),
    )
    .await;
    let after = app
        .gql(
            &admin,
            "query Page { bans(first: 5, filter: { activeOnly: true }) { edges { node { ip } } } }",
            json!({}),
        )
        .await;
    assert!(ips(&after).is_empty(), "{after}");
    app.stop().await;
}
