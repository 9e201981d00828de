//! A change fail2ban refuses leaves fail2ban's jails and files exactly as
//! they were, fails with CONFIG_INVALID and fail2ban's reason, and is
//! recorded as not applied; changes made at once wait for each other.

use bangui_test_support::{Sandbox, TestDb};
use serde_json::json;

use super::{config_file, ignored, jail_d, log_file, running};
use crate::helpers::{TestApp, code};
use crate::ws::{next, subscribe};

#[tokio::test]
async fn a_jail_fail2ban_refuses_leaves_everything_as_it_was() {
    let app = TestApp::spawn_with_fail2ban().await;
    let admin = app.admin().await;
    let body = app
        .gql(
            &admin,
            "mutation { updateJail(name: \"sshd\", input: { maxRetry: 4 }) { maxRetry } }",
            json!({}),
        )
        .await;
    assert_eq!(body["data"]["updateJail"]["maxRetry"], 4);
    let main_before = config_file(&app, "jail.d/bangui.local").unwrap();
    let create = "mutation($i: JailInput!) { createJail(input: $i) { name } }";

    // A log file that does not exist: fail2ban's own check refuses it.
    let body = app
        .gql(
            &admin,
            create,
            json!({ "i": { "name": "nolog", "filter": "sshd", "logPaths": ["/nonexistent/auth.log"] } }),
        )
        .await;
    assert_eq!(code(&body), "CONFIG_INVALID");
    assert_eq!(
        body["errors"][0]["message"],
        "fail2ban refused the configuration: Have not found any log file for nolog jail"
    );
    // A filter fail2ban cannot compile.
    std::fs::write(
        app.sandbox().config_dir().join("filter.d/broken.conf"),
        "[Definition]\nfailregex = ^(unclosed <HOST>\n",
    )
    .unwrap();
    let body = app
        .gql(
            &admin,
            create,
            json!({ "i": { "name": "broken", "filter": "broken", "logPaths": [log_file(&app, "auth.log")] } }),
        )
        .await;
    assert_eq!(code(&body), "CONFIG_INVALID", "{body}");
    // An unknown filter is refused before fail2ban is asked.
    let body = app
        .gql(
            &admin,
            create,
            json!({ "i": { "name": "nofilter", "filter": "no-such-filter", "logPaths": [log_file(&app, "auth.log")] } }),
        )
        .await;
    assert_eq!(code(&body), "BAD_USER_INPUT");
    assert_eq!(
        body["errors"][0]["message"],
        "fail2ban has no filter named \"no-such-filter\""
    );
    // Nothing changed: files, jails, settings; the refusals are recorded.
    assert_eq!(jail_d(&app), ["bangui.local"]);
    assert_eq!(
        config_file(&app, "jail.d/bangui.local").unwrap(),
        main_before
    );
    assert_eq!(running(&app), "blocklist, nginx-http-auth, sshd");
    assert_eq!(
        app.sandbox()
            .client(&["get", "sshd", "maxretry"])
            .unwrap()
            .trim(),
        "4"
    );
    let body = app
        .gql(
            &admin,
            "{ configChanges(first: 3) { totalCount nodes { file applied error } } }",
            json!({}),
        )
        .await;
    assert_eq!(body["data"]["configChanges"]["totalCount"], 3);
    assert_eq!(
        body["data"]["configChanges"]["nodes"][1],
        json!({
            "file": "jail.d/bangui-nolog.local",
            "applied": false,
            "error": "fail2ban refused the configuration: Have not found any log file for nolog jail",
        })
    );
    assert_eq!(body["data"]["configChanges"]["nodes"][2]["applied"], true);
    // The audit log points to the change history through its outcome.
    let body = app
        .gql(
            &admin,
            "{ auditLog(first: 1) { action target outcome } }",
            json!({}),
        )
        .await;
    assert_eq!(
        body["data"]["auditLog"][0],
        json!({ "action": "createJail", "target": "nofilter", "outcome": "BAD_USER_INPUT" })
    );
    app.stop().await;
}

#[tokio::test]
async fn changes_made_at_once_are_applied_one_after_the_other() {
    let app = TestApp::spawn_with_fail2ban().await;
    let admin = app.admin().await;
    let adds = (1..=8).map(|i| {
        let query =
            format!("mutation {{ addIgnoreIp(jail: \"sshd\", ip: \"192.0.2.{i}\") {{ name }} }}");
        let app = &app;
        let admin = admin.clone();
        async move { app.gql(&admin, &query, json!({})).await }
    });
    for body in futures::future::join_all(adds).await {
        assert_eq!(body["data"]["addIgnoreIp"]["name"], "sshd", "{body}");
    }
    let mut expected: Vec<String> = (1..=8).map(|i| format!("192.0.2.{i}")).collect();
    expected.sort();
    assert_eq!(ignored(&app, "sshd"), expected);
    app.sandbox().client(&["reload"]).unwrap();
    assert_eq!(ignored(&app, "sshd"), expected);
    app.stop().await;
}

#[tokio::test]
async fn two_instances_change_one_host_one_after_the_other() {
    let Some(db) = TestDb::postgres().await else {
        eprintln!("skipped: needs BANGUI_TEST_POSTGRES_URL (set by .ci/run)");
        return;
    };
    let shared = db.share();
    let sandbox = Sandbox::start().unwrap();
    let settings: Vec<(&str, String)> = sandbox.settings().into_iter().collect();
    let pairs: Vec<(&str, &str)> = settings.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let a = TestApp::spawn_with(db, Some(sandbox), &[]).await;
    let b = TestApp::spawn_with(shared, None, &pairs).await;
    let admin = a.admin().await;
    // Subscribers on both instances see every change, whichever made it.
    let watch = "subscription { configChanged { file applied } }";
    let mut on_a = subscribe(&a, &admin, watch, json!({})).await;
    let mut on_b = subscribe(&b, &admin, watch, json!({})).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let adds = (1..=10).map(|i| {
        let app = if i % 2 == 0 { &a } else { &b };
        let query = format!(
            "mutation {{ addIgnoreIp(jail: \"sshd\", ip: \"192.0.2.{}\") {{ name }} }}",
            100 + i
        );
        let admin = admin.clone();
        async move { app.gql(&admin, &query, json!({})).await }
    });
    for body in futures::future::join_all(adds).await {
        assert_eq!(body["data"]["addIgnoreIp"]["name"], "sshd", "{body}");
    }
    let mut expected: Vec<String> = (1..=10).map(|i| format!("192.0.2.{}", 100 + i)).collect();
    expected.sort();
    assert_eq!(ignored(&a, "sshd"), expected);
    let text = config_file(&a, "jail.d/bangui.local").unwrap();
    let line = text.lines().find(|l| l.starts_with("ignoreip")).unwrap();
    assert_eq!(line.split_whitespace().count(), 2 + 1 + 10, "{line}");
    for socket in [&mut on_a, &mut on_b] {
        for _ in 0..10 {
            let event = next(socket, std::time::Duration::from_secs(5))
                .await
                .unwrap();
            assert_eq!(
                event["payload"]["data"]["configChanged"],
                json!({ "file": "jail.d/bangui.local", "applied": true })
            );
        }
    }
    b.stop().await;
    a.stop().await;
}
