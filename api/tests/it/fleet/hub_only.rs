//! A hub on a machine without fail2ban (`BANGUI_FAIL2BAN_SOCKET` empty): no
//! local host, changes without a host go to the only host there is and are
//! refused once there are several, and fail2ban's current bans are those of
//! every connected agent host.

use std::time::Duration;

use serde_json::json;

use super::{Agent, add_host, banned, wait_connected, wait_for};
use crate::helpers::{Sandbox, TestApp, TestDb, code};

const BAN: &str =
    r#"mutation($ip: String!) { banIp(jail: "sshd", ip: $ip) { host alreadyBanned } }"#;
const LIVE: &str = r#"{ bans(first: 10, filter: { source: FAIL2BAN, jail: "sshd" }) { totalCount edges { node { ip host } } } }"#;

#[tokio::test]
async fn a_hub_without_fail2ban_works_through_its_agents() {
    let app = TestApp::spawn_with(TestDb::sqlite(), None, &[("BANGUI_FAIL2BAN_SOCKET", "")]).await;
    let admin = app.admin().await;
    let nothing = app.gql(&admin, BAN, json!({ "ip": "203.0.113.1" })).await;
    assert_eq!(code(&nothing), "BAD_USER_INPUT", "{nothing}");
    assert_eq!(
        nothing["errors"][0]["message"],
        "this BanGUI has no fail2ban of its own (BANGUI_FAIL2BAN_SOCKET is empty) and no host yet: add one"
    );

    let (alpha_box, beta_box) = (Sandbox::start().unwrap(), Sandbox::start().unwrap());
    let (_, alpha_token) = add_host(&app, &admin, "alpha").await;
    let hub = app.url("");
    let _alpha = Agent::start(&hub, &alpha_token, &alpha_box);
    wait_connected(&app, &admin, "alpha", true).await;
    let hosts = app.gql(&admin, "{ hosts { name local } }", json!({})).await;
    assert_eq!(
        hosts["data"]["hosts"],
        json!([{ "name": "alpha", "local": false }]),
        "{hosts}"
    );

    // With one host, a change without a host is that host's.
    let ban = app.gql(&admin, BAN, json!({ "ip": "203.0.113.1" })).await;
    assert_eq!(
        ban["data"]["banIp"],
        json!({ "host": "alpha", "alreadyBanned": false }),
        "{ban}"
    );
    assert_eq!(banned(&alpha_box, "sshd"), ["203.0.113.1"]);

    // With two, it names one.
    let (_, beta_token) = add_host(&app, &admin, "beta").await;
    let _beta = Agent::start(&hub, &beta_token, &beta_box);
    wait_connected(&app, &admin, "beta", true).await;
    let refused = app.gql(&admin, BAN, json!({ "ip": "203.0.113.2" })).await;
    assert_eq!(code(&refused), "BAD_USER_INPUT", "{refused}");
    assert_eq!(
        refused["errors"][0]["message"],
        "name a host: this BanGUI has no fail2ban of its own (BANGUI_FAIL2BAN_SOCKET is empty)"
    );
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    let on_beta = app
        .gql(
            &admin,
            r#"mutation { banIp(jail: "sshd", ip: "203.0.113.2", host: "beta") { host } }"#,
            json!({}),
        )
        .await;
    assert_eq!(on_beta["data"]["banIp"]["host"], "beta", "{on_beta}");
    assert_eq!(banned(&beta_box, "sshd"), ["203.0.113.2"]);

    // fail2ban's current bans of every host, newest first, and its dashboard.
    let live = app.gql(&admin, LIVE, json!({})).await;
    assert_eq!(
        live["data"]["bans"],
        json!({ "totalCount": 2, "edges": [
            { "node": { "ip": "203.0.113.2", "host": "beta" } },
            { "node": { "ip": "203.0.113.1", "host": "alpha" } },
        ] }),
        "{live}"
    );
    let dashboard = app
        .gql(
            &admin,
            "{ dashboard(source: FAIL2BAN) { summary { totalBans } bansByHost { host count } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        dashboard["data"]["dashboard"],
        json!({
            "summary": { "totalBans": 2 },
            "bansByHost": [{ "host": "alpha", "count": 1 }, { "host": "beta", "count": 1 }],
        }),
        "{dashboard}"
    );

    // Unbans without a host reach every host; no local fail2ban is reported.
    let unban = app
        .gql(
            &admin,
            r#"mutation { a: unbanIp(ip: "203.0.113.1") { jails } b: unbanIp(ip: "203.0.113.2") { jails } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        unban["data"],
        json!({ "a": { "jails": ["sshd"] }, "b": { "jails": ["sshd"] } }),
        "{unban}"
    );
    wait_for("both unbanned", Duration::from_secs(10), || async {
        banned(&alpha_box, "sshd").is_empty() && banned(&beta_box, "sshd").is_empty()
    })
    .await;
    let metrics = app
        .client
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(metrics.contains("bangui_import_runs"), "{metrics}");
    assert!(!metrics.contains("bangui_fail2ban_up"), "{metrics}");
    assert!(
        !metrics.contains("bangui_archive_sync_lag_seconds"),
        "{metrics}"
    );
    app.stop().await;
}
