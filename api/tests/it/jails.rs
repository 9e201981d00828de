//! Jails and bans through the API against a real, sandboxed fail2ban-server.

use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::{TestApp, code};

const JAILS: &str =
    "{ jails { name running currentlyBanned banTime findTime maxRetry ignoreIps actions } }";

#[tokio::test]
async fn lists_jails_with_their_settings() {
    let app = TestApp::spawn_with_fail2ban().await;
    let admin = app.admin().await;
    let body = app.gql(&admin, JAILS, json!({})).await;
    assert_eq!(
        body["data"]["jails"],
        json!([
            { "name": "blocklist", "running": true, "currentlyBanned": 0, "banTime": 604800, "findTime": 600, "maxRetry": 3, "ignoreIps": [], "actions": ["dummy"] },
            { "name": "nginx-http-auth", "running": true, "currentlyBanned": 0, "banTime": 600, "findTime": 600, "maxRetry": 3, "ignoreIps": [], "actions": ["dummy"] },
            { "name": "sshd", "running": true, "currentlyBanned": 0, "banTime": 600, "findTime": 600, "maxRetry": 3, "ignoreIps": [], "actions": ["dummy"] }
        ])
    );
    let health = app
        .gql(
            &admin,
            "{ health { fail2ban { reachable version jails } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        health["data"]["health"]["fail2ban"],
        json!({ "reachable": true, "version": "1.0.2", "jails": ["blocklist", "nginx-http-auth", "sshd"] })
    );
    let one = app
        .gql(
            &admin,
            "{ jail(name: \"sshd\") { logPaths } nope: jail(name: \"nope\") { name } }",
            json!({}),
        )
        .await;
    let log = app
        .sandbox()
        .dir()
        .join("log/auth.log")
        .display()
        .to_string();
    assert_eq!(
        one["data"],
        json!({ "jail": { "logPaths": [log] }, "nope": null })
    );
    app.stop().await;
}

#[tokio::test]
async fn ban_and_unban_reach_fail2ban_and_the_archive() {
    let app = TestApp::spawn_with_fail2ban().await;
    let admin = app.admin().await;
    let ban = app
        .gql(
            &admin,
            "mutation { banIp(jail: \"sshd\", ip: \"203.0.113.7\") { jail ip alreadyBanned } }",
            json!({}),
        )
        .await;
    assert_eq!(
        ban,
        json!({ "data": { "banIp": { "jail": "sshd", "ip": "203.0.113.7", "alreadyBanned": false } } })
    );
    assert_eq!(
        app.sandbox()
            .client(&["get", "sshd", "banip"])
            .unwrap()
            .trim(),
        "203.0.113.7"
    );
    let again = app
        .gql(
            &admin,
            "mutation { banIp(jail: \"sshd\", ip: \"203.0.113.7\") { alreadyBanned } }",
            json!({}),
        )
        .await;
    assert_eq!(again["data"]["banIp"]["alreadyBanned"], true);

    let archived = app
        .gql(&admin, "{ bans(filter: { ip: \"203.0.113.0/24\" }) { totalCount nodes { ip jail origin active banTime } } }", json!({}))
        .await;
    assert_eq!(
        archived["data"]["bans"],
        json!({ "totalCount": 1, "nodes": [{ "ip": "203.0.113.7", "jail": "sshd", "origin": "MANUAL", "active": true, "banTime": 600 }] })
    );

    let unban = app
        .gql(
            &admin,
            "mutation { unbanIp(ip: \"203.0.113.7\") { ip jails } }",
            json!({}),
        )
        .await;
    assert_eq!(
        unban,
        json!({ "data": { "unbanIp": { "ip": "203.0.113.7", "jails": ["sshd"] } } })
    );
    assert_eq!(
        app.sandbox()
            .client(&["get", "sshd", "banip"])
            .unwrap()
            .trim(),
        ""
    );
    let after = app
        .gql(
            &admin,
            "{ bans(filter: { ip: \"203.0.113.7\" }) { nodes { active } } }",
            json!({}),
        )
        .await;
    assert_eq!(after["data"]["bans"]["nodes"], json!([{ "active": false }]));
    let none = app
        .gql(
            &admin,
            "mutation { unbanIp(ip: \"203.0.113.7\", jail: \"sshd\") { jails } }",
            json!({}),
        )
        .await;
    assert_eq!(none["data"]["unbanIp"]["jails"], json!([]));
    app.stop().await;
}

#[tokio::test]
async fn bulk_ban_uses_multi_address_commands() {
    let app = TestApp::spawn_with_fail2ban().await;
    let admin = app.admin().await;
    let ips: Vec<String> = (0..450)
        .map(|i| format!("198.51.{}.{}", 100 + i / 250, i % 250 + 1))
        .collect();
    let mut input = ips.clone();
    input.push("not-an-ip".into());
    input.push(ips[0].clone());
    let body = app
        .gql(
            &admin,
            "mutation($ips: [String!]!) { banIps(jail: \"blocklist\", ips: $ips) { jail banned alreadyBanned invalid } }",
            json!({ "ips": input }),
        )
        .await;
    assert_eq!(
        body["data"]["banIps"],
        json!({ "jail": "blocklist", "banned": 450, "alreadyBanned": 1, "invalid": ["not-an-ip"] })
    );
    let listed = app
        .sandbox()
        .client(&["get", "blocklist", "banip"])
        .unwrap();
    assert_eq!(listed.split_whitespace().count(), 450);
    let live = app
        .gql(&admin, "{ bans(first: 5, filter: { source: FAIL2BAN, jail: \"blocklist\" }) { totalCount nodes { origin active } } }", json!({}))
        .await;
    assert_eq!(live["data"]["bans"]["totalCount"], 450);
    assert_eq!(live["data"]["bans"]["nodes"].as_array().unwrap().len(), 5);
    app.stop().await;
}

#[tokio::test]
async fn bad_input_gets_clear_codes() {
    let app = TestApp::spawn_with_fail2ban().await;
    let admin = app.admin().await;
    let cases: &[(&str, &str, &str)] = &[
        (
            "mutation { banIp(jail: \"sshd\", ip: \"300.1.2.3\") { ip } }",
            "BAD_USER_INPUT",
            "\"300.1.2.3\" is not a valid IP address",
        ),
        (
            "mutation { banIp(jail: \"nojail\", ip: \"192.0.2.1\") { ip } }",
            "NOT_FOUND",
            "fail2ban has no running jail named \"nojail\"",
        ),
        (
            "mutation { banIp(jail: \"a;b\", ip: \"192.0.2.1\") { ip } }",
            "BAD_USER_INPUT",
            "\"a;b\" is not a valid jail name (letters, digits, - _ . @; at most 64)",
        ),
        (
            "mutation { updateJail(name: \"sshd\", input: { banTime: 0 }) { name } }",
            "BAD_USER_INPUT",
            "banTime must be a positive number of seconds (at most ten years) or -1 for permanent, not 0",
        ),
        (
            "mutation { updateJail(name: \"sshd\", input: { maxRetry: -3 }) { name } }",
            "BAD_USER_INPUT",
            "maxRetry must be between 1 and 1000000, not -3",
        ),
        (
            "mutation { addIgnoreIp(jail: \"sshd\", ip: \"10.0.0.0/40\") { name } }",
            "BAD_USER_INPUT",
            "\"10.0.0.0/40\" is not a valid IP address or CIDR network",
        ),
        (
            "mutation { removeIgnoreIp(jail: \"sshd\", ip: \"10.9.9.9\") { name } }",
            "NOT_FOUND",
            "10.9.9.9 is not on the ignore list of jail sshd",
        ),
        (
            "{ bans(first: 501) { totalCount } }",
            "BAD_USER_INPUT",
            "first must be between 0 and 500, not 501",
        ),
        (
            "{ bans(after: \"bogus\") { totalCount } }",
            "BAD_USER_INPUT",
            "invalid cursor \"bogus\" for this list",
        ),
    ];
    for (query, expected, message) in cases {
        let body = app.gql(&admin, query, json!({})).await;
        assert_eq!(code(&body), *expected, "{query}: {body}");
        assert_eq!(body["errors"][0]["message"], *message, "{query}");
    }
    app.stop().await;
}

#[tokio::test]
async fn a_log_triggered_ban_appears_in_the_live_list() {
    let app = TestApp::spawn_with_fail2ban().await;
    let admin = app.admin().await;
    app.sandbox().fail_ssh_login("203.0.113.99", 3).unwrap();
    let mut nodes = Value::Null;
    for _ in 0..50 {
        let body = app
            .gql(&admin, "{ bans(filter: { source: FAIL2BAN }) { nodes { ip jail origin active banTime } } }", json!({}))
            .await;
        nodes = body["data"]["bans"]["nodes"].clone();
        if nodes.as_array().is_some_and(|n| !n.is_empty()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(
        nodes,
        json!([{ "ip": "203.0.113.99", "jail": "sshd", "origin": "FAIL2BAN", "active": true, "banTime": 600 }])
    );
    app.stop().await;
}
