//! Two hub instances on PostgreSQL, an agent connected to each.

use std::time::{Duration, Instant};

use serde_json::json;

use super::{Agent, add_host, banned, wait_connected};
use crate::helpers::{Sandbox, TestApp, TestDb, code};

#[tokio::test]
async fn two_hub_instances_on_postgresql_reach_each_others_agents() {
    let Some(db) = TestDb::postgres().await else {
        // Needs BANGUI_TEST_POSTGRES_URL (set by .ci/run).
        return;
    };
    let shared = db.share();
    let a = TestApp::spawn_on(db).await;
    let b = TestApp::spawn_on(shared).await;
    let admin = a.admin().await;
    let (alpha_box, beta_box) = (Sandbox::start().unwrap(), Sandbox::start().unwrap());
    let (_, alpha_token) = add_host(&a, &admin, "alpha").await;
    let (_, beta_token) = add_host(&a, &admin, "beta").await;
    let _alpha = Agent::start(&a.url(""), &alpha_token, &alpha_box);
    let _beta = Agent::start(&b.url(""), &beta_token, &beta_box);
    for app in [&a, &b] {
        wait_connected(app, &admin, "alpha", true).await;
        wait_connected(app, &admin, "beta", true).await;
    }

    // A command arriving at one instance reaches the agent connected to the other.
    let on_alpha = b
        .gql(
            &admin,
            r#"mutation { banIp(jail: "sshd", ip: "203.0.113.30", host: "alpha") { host alreadyBanned } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        on_alpha["data"]["banIp"],
        json!({ "host": "alpha", "alreadyBanned": false }),
        "{on_alpha}"
    );
    assert_eq!(banned(&alpha_box, "sshd"), ["203.0.113.30"]);
    let on_beta = a
        .gql(
            &admin,
            r#"mutation { banIp(jail: "sshd", ip: "203.0.113.31", host: "beta") { host } }"#,
            json!({}),
        )
        .await;
    assert_eq!(on_beta["data"]["banIp"]["host"], "beta", "{on_beta}");
    assert_eq!(banned(&beta_box, "sshd"), ["203.0.113.31"]);
    let jails = b
        .gql(
            &admin,
            r#"{ jails(host: "alpha") { name host } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        jails["data"]["jails"],
        json!([
            { "name": "blocklist", "host": "alpha" },
            { "name": "nginx-http-auth", "host": "alpha" },
            { "name": "sshd", "host": "alpha" },
        ]),
        "{jails}"
    );

    // An event from the agent of one instance reaches the other's subscribers.
    let mut socket = crate::ws::subscribe(
        &a,
        &admin,
        r#"subscription { banEvents(filter: { hosts: ["beta"] }) { ip host kind origin } }"#,
        json!({}),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    beta_box.fail_ssh_login("198.51.100.40", 6).unwrap();
    let event = crate::ws::next(&mut socket, Duration::from_secs(30))
        .await
        .unwrap();
    assert_eq!(
        event["payload"]["data"]["banEvents"],
        json!({ "ip": "198.51.100.40", "host": "beta", "kind": "BAN", "origin": "FAIL2BAN" }),
        "{event}"
    );

    // A token rotated on one instance disconnects the agent held by the
    // other; commands to it then fail at once.
    let (alpha_id, _) = {
        let hosts = b.gql(&admin, "{ hosts { id name } }", json!({})).await;
        let alpha = hosts["data"]["hosts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["name"] == "alpha")
            .unwrap()
            .clone();
        (alpha["id"].as_str().unwrap().to_owned(), ())
    };
    let mut status = crate::ws::subscribe(
        &b,
        &admin,
        "subscription { hostStatus { name connected } }",
        json!({}),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    let rotated = b
        .gql(
            &admin,
            "mutation($id: ID!) { rotateAgentToken(id: $id) { host { name } } }",
            json!({ "id": alpha_id }),
        )
        .await;
    assert_eq!(rotated["data"]["rotateAgentToken"]["host"]["name"], "alpha");
    // Instance B hears of the disconnection instance A saw.
    let change = crate::ws::next(&mut status, Duration::from_secs(10))
        .await
        .unwrap();
    assert_eq!(
        change["payload"]["data"]["hostStatus"],
        json!({ "name": "alpha", "connected": false }),
        "{change}"
    );
    wait_connected(&a, &admin, "alpha", false).await;
    wait_connected(&b, &admin, "alpha", false).await;
    let started = Instant::now();
    let gone = b
        .gql(
            &admin,
            r#"mutation { unbanIp(ip: "203.0.113.30", host: "alpha") { jails } }"#,
            json!({}),
        )
        .await;
    assert_eq!(code(&gone), "HOST_UNAVAILABLE", "{gone}");
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    a.stop().await;
    b.stop().await;
}
