//! Changing jails through the API against a real, sandboxed fail2ban-server:
//! settings, ignore lists, start, stop, reload, and fail2ban going away.

use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::{TestApp, code};

#[tokio::test]
async fn jail_settings_and_ignore_lists_change() {
    let app = TestApp::spawn_with_fail2ban().await;
    let admin = app.admin().await;
    let body = app
        .gql(&admin, "mutation { updateJail(name: \"sshd\", input: { banTime: -1, findTime: 300, maxRetry: 5 }) { banTime findTime maxRetry } }", json!({}))
        .await;
    assert_eq!(
        body["data"]["updateJail"],
        json!({ "banTime": -1, "findTime": 300, "maxRetry": 5 })
    );
    assert_eq!(
        app.sandbox()
            .client(&["get", "sshd", "bantime"])
            .unwrap()
            .trim(),
        "-1"
    );
    let body = app
        .gql(
            &admin,
            "mutation { addIgnoreIp(jail: \"sshd\", ip: \"192.0.2.55/24\") { ignoreIps } }",
            json!({}),
        )
        .await;
    assert_eq!(
        body["data"]["addIgnoreIp"]["ignoreIps"],
        json!(["192.0.2.0/24"])
    );
    let body = app
        .gql(
            &admin,
            "mutation { removeIgnoreIp(jail: \"sshd\", ip: \"192.0.2.0/24\") { ignoreIps } }",
            json!({}),
        )
        .await;
    assert_eq!(body["data"]["removeIgnoreIp"]["ignoreIps"], json!([]));
    // Each change is audited with the old and new values of what it changed.
    let log = app
        .gql(
            &admin,
            "{ auditLog(first: 3) { actor action target outcome details } }",
            json!({}),
        )
        .await;
    let details = |i: usize| -> Value {
        serde_json::from_str(log["data"]["auditLog"][i]["details"].as_str().unwrap()).unwrap()
    };
    assert_eq!(log["data"]["auditLog"][2]["action"], "updateJail");
    assert_eq!(log["data"]["auditLog"][2]["target"], "sshd");
    assert_eq!(log["data"]["auditLog"][2]["outcome"], "ok");
    assert_eq!(
        details(2),
        json!({
            "banTime": { "old": 600, "new": -1 },
            "findTime": { "old": 600, "new": 300 },
            "maxRetry": { "old": 3, "new": 5 },
            "configChanges": [1]
        })
    );
    assert_eq!(
        details(1),
        json!({ "ignoreIp": { "old": null, "new": "192.0.2.55/24" }, "configChanges": [2] })
    );
    assert_eq!(
        details(0),
        json!({ "ignoreIp": { "old": "192.0.2.0/24", "new": null }, "configChanges": [3] })
    );
    // Each points to the change of BanGUI's file it made.
    let body = app
        .gql(
            &admin,
            "{ configChanges(first: 3) { nodes { id file applied } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        body["data"]["configChanges"]["nodes"],
        json!([
            { "id": "3", "file": "jail.d/bangui.local", "applied": true },
            { "id": "2", "file": "jail.d/bangui.local", "applied": true },
            { "id": "1", "file": "jail.d/bangui.local", "applied": true },
        ])
    );
    app.stop().await;
}

#[tokio::test]
async fn jails_stop_start_and_reload() {
    let app = TestApp::spawn_with_fail2ban().await;
    let admin = app.admin().await;
    app.gql(&admin, "{ jails { name } }", json!({})).await;
    let stopped = app
        .gql(
            &admin,
            "mutation { stopJail(name: \"nginx-http-auth\") }",
            json!({}),
        )
        .await;
    assert_eq!(stopped, json!({ "data": { "stopJail": true } }));
    let jails = app
        .gql(&admin, "{ jails { name running } }", json!({}))
        .await;
    assert_eq!(
        jails["data"]["jails"],
        json!([
            { "name": "blocklist", "running": true },
            { "name": "nginx-http-auth", "running": false },
            { "name": "sshd", "running": true }
        ])
    );
    let started = app
        .gql(
            &admin,
            "mutation { startJail(name: \"nginx-http-auth\") { name running maxRetry } }",
            json!({}),
        )
        .await;
    assert_eq!(
        started["data"]["startJail"],
        json!({ "name": "nginx-http-auth", "running": true, "maxRetry": 3 })
    );
    let reloaded = app
        .gql(
            &admin,
            "mutation { reloadFail2ban(jail: \"sshd\") }",
            json!({}),
        )
        .await;
    assert_eq!(reloaded, json!({ "data": { "reloadFail2ban": true } }));
    let reloaded = app
        .gql(&admin, "mutation { reloadFail2ban }", json!({}))
        .await;
    assert_eq!(reloaded, json!({ "data": { "reloadFail2ban": true } }));
    app.stop().await;
}

/// fail2ban-client reports success when it skips a file it cannot read; BanGUI
/// does not. With fail2ban stopped, a reload says fail2ban is unavailable.
#[tokio::test]
async fn a_reload_that_cannot_read_the_configuration_fails() {
    let app = TestApp::spawn_with_fail2ban().await;
    let admin = app.admin().await;
    let local = app.sandbox().dir().join("etc/jail.local");
    std::fs::rename(&local, local.with_extension("kept")).unwrap();
    std::fs::create_dir(&local).unwrap();
    let body = app
        .gql(&admin, "mutation { reloadFail2ban }", json!({}))
        .await;
    assert_eq!(code(&body), "INTERNAL_SERVER_ERROR", "{body}");
    assert_eq!(body["errors"][0]["message"], "internal error");
    std::fs::remove_dir(&local).unwrap();
    std::fs::rename(local.with_extension("kept"), &local).unwrap();

    app.sandbox().stop().unwrap();
    let body = app
        .gql(&admin, "mutation { reloadFail2ban }", json!({}))
        .await;
    assert_eq!(code(&body), "FAIL2BAN_UNAVAILABLE", "{body}");
    app.stop().await;
}

#[tokio::test]
async fn fail2ban_down_is_reported_and_recovered_from() {
    let app = TestApp::spawn_with_fail2ban().await;
    let admin = app.admin().await;
    app.sandbox().stop().unwrap();
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let body = app.gql(&admin, "{ jails { name } }", json!({})).await;
    assert_eq!(code(&body), "FAIL2BAN_UNAVAILABLE");
    assert_eq!(body["errors"][0]["message"], "fail2ban is not reachable");
    let ready: Value = app
        .client
        .get(app.url("/readyz"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ready["fail2ban"]["reachable"], false);
    app.sandbox().restart().unwrap();
    let body = app.gql(&admin, "{ jails { name } }", json!({})).await;
    assert_eq!(
        body["data"]["jails"].as_array().map(Vec::len),
        Some(3),
        "{body}"
    );
    app.stop().await;
}
