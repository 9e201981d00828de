//! One hub, two agents: bans, unbans, jails and dashboards per host and on every host.

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::{Value, json};

use super::{Agent, add_host, archived, banned, connected, wait_connected, wait_for};
use crate::helpers::{Sandbox, TestApp};

#[tokio::test]
async fn a_hub_bans_unbans_and_controls_jails_on_each_host() {
    let app = TestApp::spawn_with_fail2ban().await;
    let admin = app.admin().await;
    let (alpha_box, beta_box) = (Sandbox::start().unwrap(), Sandbox::start().unwrap());
    let (_alpha_id, alpha_token) = add_host(&app, &admin, "alpha").await;
    let (_, beta_token) = add_host(&app, &admin, "beta").await;
    let hub = app.url("");
    let _alpha = Agent::start(&hub, &alpha_token, &alpha_box);
    let _beta = Agent::start(&hub, &beta_token, &beta_box);
    wait_connected(&app, &admin, "alpha", true).await;
    wait_connected(&app, &admin, "beta", true).await;

    let hosts = app
        .gql(
            &admin,
            "{ hosts { name local connected agentVersion fail2banVersion refusal } }",
            json!({}),
        )
        .await;
    let list = hosts["data"]["hosts"].as_array().unwrap();
    assert_eq!(list.len(), 3, "{hosts}");
    assert_eq!(list[0]["local"], true);
    let version = env!("CARGO_PKG_VERSION");
    for (i, name) in [(1, "alpha"), (2, "beta")] {
        assert_eq!(list[i]["name"], name);
        assert_eq!(list[i]["agentVersion"], version);
        assert_eq!(list[i]["refusal"], Value::Null);
        let own = alpha_box.client(&["version"]).unwrap();
        assert_eq!(list[i]["fail2banVersion"], own.trim(), "{hosts}");
    }

    // Each host's jails, through its own fail2ban.
    let jails = app
        .gql(
            &admin,
            r#"{ jails(host: "alpha") { name host running } }"#,
            json!({}),
        )
        .await;
    let names: Vec<&str> = jails["data"]["jails"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| {
            assert_eq!(j["host"], "alpha");
            j["name"].as_str().unwrap()
        })
        .collect();
    assert_eq!(names, ["blocklist", "nginx-http-auth", "sshd"], "{jails}");
    let every = app.gql(&admin, "{ jails { host } }", json!({})).await;
    assert_eq!(
        every["data"]["jails"].as_array().unwrap().len(),
        9,
        "{every}"
    );

    // A ban on one host reaches that host's fail2ban only, and the archive once.
    let ban = app
        .gql(
            &admin,
            r#"mutation { banIp(jail: "sshd", ip: "203.0.113.10", host: "alpha") { host alreadyBanned } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        ban["data"]["banIp"],
        json!({ "host": "alpha", "alreadyBanned": false }),
        "{ban}"
    );
    assert_eq!(banned(&alpha_box, "sshd"), ["203.0.113.10"]);
    assert!(banned(&beta_box, "sshd").is_empty());
    assert!(banned(app.sandbox(), "sshd").is_empty());
    // fail2ban's own row of the ban comes back through the agent's queue and
    // is recognised as the same ban.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(
        archived(&app, &admin, "alpha").await,
        BTreeMap::from([("203.0.113.10".to_owned(), 1)])
    );

    // A ban fail2ban makes itself, from a log, on the other host.
    beta_box.fail_ssh_login("198.51.100.20", 6).unwrap();
    wait_for(
        "beta's log ban archived",
        Duration::from_secs(30),
        || async {
            archived(&app, &admin, "beta")
                .await
                .contains_key("198.51.100.20")
        },
    )
    .await;
    let origin = app
        .gql(
            &admin,
            r#"{ bans(first: 5, filter: { host: "beta" }) { edges { node { ip origin host } } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        origin["data"]["bans"]["edges"],
        json!([{ "node": { "ip": "198.51.100.20", "origin": "FAIL2BAN", "host": "beta" } }]),
        "{origin}"
    );

    // The dashboard, of every host and of one.
    let dashboard = app
        .gql(
            &admin,
            r#"{ all: dashboard { bansByHost { host count } summary { totalBans } }
                 beta: dashboard(host: "beta") { summary { totalBans } topIps { ip } bansByHost { host count } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        dashboard["data"],
        json!({
            "all": {
                "bansByHost": [{ "host": "alpha", "count": 1 }, { "host": "beta", "count": 1 }],
                "summary": { "totalBans": 2 },
            },
            "beta": {
                "summary": { "totalBans": 1 },
                "topIps": [{ "ip": "198.51.100.20" }],
                "bansByHost": [{ "host": "beta", "count": 1 }],
            },
        }),
        "{dashboard}"
    );

    // The same address on every host, then unbanned without a host: everywhere.
    let everywhere = app
        .gql(
            &admin,
            r#"mutation { banIpOnAllHosts(jail: "sshd", ip: "192.0.2.77") { host alreadyBanned } }"#,
            json!({}),
        )
        .await;
    let local = connected(&app, &admin)
        .await
        .into_keys()
        .find(|n| n != "alpha" && n != "beta")
        .unwrap();
    assert_eq!(
        everywhere["data"]["banIpOnAllHosts"],
        json!([
            { "host": local, "alreadyBanned": false },
            { "host": "alpha", "alreadyBanned": false },
            { "host": "beta", "alreadyBanned": false },
        ]),
        "{everywhere}"
    );
    for sandbox in [app.sandbox(), &alpha_box, &beta_box] {
        assert!(banned(sandbox, "sshd").contains(&"192.0.2.77".to_owned()));
    }
    let unban = app
        .gql(
            &admin,
            r#"mutation { unbanIp(ip: "192.0.2.77") { jails } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        unban["data"]["unbanIp"]["jails"],
        json!(["sshd"]),
        "{unban}"
    );
    for sandbox in [app.sandbox(), &alpha_box, &beta_box] {
        assert!(!banned(sandbox, "sshd").contains(&"192.0.2.77".to_owned()));
    }
    assert_eq!(banned(&alpha_box, "sshd"), ["203.0.113.10"]);

    // A ban with its own length on an agent host is lifted there when it is up.
    let timed = app
        .gql(
            &admin,
            r#"mutation { banIp(jail: "sshd", ip: "203.0.113.44", host: "beta", duration: 2) { host } }"#,
            json!({}),
        )
        .await;
    assert_eq!(timed["data"]["banIp"]["host"], "beta", "{timed}");
    assert!(banned(&beta_box, "sshd").contains(&"203.0.113.44".to_owned()));
    wait_for(
        "the timed ban lifted on beta",
        Duration::from_secs(15),
        || async { !banned(&beta_box, "sshd").contains(&"203.0.113.44".to_owned()) },
    )
    .await;

    // Jails stop, start and reload on their own host's fail2ban.
    let jail_names = |sandbox: &Sandbox| sandbox.client(&["status"]).unwrap();
    let stop = app
        .gql(
            &admin,
            r#"mutation { stopJail(name: "nginx-http-auth", host: "alpha") }"#,
            json!({}),
        )
        .await;
    assert_eq!(stop["data"]["stopJail"], true, "{stop}");
    assert!(!jail_names(&alpha_box).contains("nginx-http-auth"));
    assert!(jail_names(app.sandbox()).contains("nginx-http-auth"));
    let start = app
        .gql(
            &admin,
            r#"mutation { startJail(name: "nginx-http-auth", host: "alpha") { name host running } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        start["data"]["startJail"],
        json!({ "name": "nginx-http-auth", "host": "alpha", "running": true }),
        "{start}"
    );
    assert!(jail_names(&alpha_box).contains("nginx-http-auth"));
    let reload = app
        .gql(
            &admin,
            r#"mutation { reloadFail2ban(jail: "sshd", host: "alpha") }"#,
            json!({}),
        )
        .await;
    assert_eq!(reload["data"]["reloadFail2ban"], true, "{reload}");

    app.stop().await;
}
