//! Networks wherever an address is taken: network bans lifted by `unbanIp`
//! and `unbanIps`, and `ipInfo` for a network and for an address a network
//! ban covers.

use serde_json::json;

use crate::helpers::{TestApp, code};

fn banned(app: &TestApp, jail: &str) -> Vec<String> {
    let mut list: Vec<String> = app
        .sandbox()
        .client(&["get", jail, "banip"])
        .unwrap()
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    list.sort();
    list
}

#[tokio::test]
async fn network_bans_are_shown_and_lifted() {
    let app = TestApp::spawn_with_fail2ban().await;
    let admin = app.admin().await;
    app.sandbox()
        .client(&[
            "set",
            "blocklist",
            "banip",
            "203.0.113.0/24",
            "198.51.100.0/25",
        ])
        .unwrap();
    assert_eq!(
        banned(&app, "blocklist"),
        ["198.51.100.0/25", "203.0.113.0/24"]
    );

    let info = "query($ip: String!) { ipInfo(ip: $ip) { ip bannedIn coveringBans { ip jail active origin } } }";
    let body = app.gql(&admin, info, json!({ "ip": "203.0.113.7" })).await;
    assert_eq!(
        body["data"]["ipInfo"]["coveringBans"],
        json!([{ "ip": "203.0.113.0/24", "jail": "blocklist", "active": true, "origin": "FAIL2BAN" }]),
        "{body}"
    );
    let body = app
        .gql(&admin, info, json!({ "ip": "203.0.113.99/24" }))
        .await;
    assert_eq!(
        body["data"]["ipInfo"],
        json!({ "ip": "203.0.113.0/24", "bannedIn": ["blocklist"], "coveringBans": [] })
    );
    let body = app
        .gql(&admin, info, json!({ "ip": "203.0.113.0/25" }))
        .await;
    assert_eq!(body["data"]["ipInfo"]["bannedIn"], json!([]));
    assert_eq!(
        body["data"]["ipInfo"]["coveringBans"][0]["ip"],
        "203.0.113.0/24"
    );

    // unbanIp lifts a network's ban, with or without the jail.
    let body = app
        .gql(
            &admin,
            "mutation { unbanIp(ip: \"203.0.113.0/24\") { ip jails } }",
            json!({}),
        )
        .await;
    assert_eq!(
        body["data"]["unbanIp"],
        json!({ "ip": "203.0.113.0/24", "jails": ["blocklist"] })
    );
    assert_eq!(banned(&app, "blocklist"), ["198.51.100.0/25"]);
    let body = app.gql(&admin, info, json!({ "ip": "203.0.113.7" })).await;
    assert_eq!(body["data"]["ipInfo"]["coveringBans"], json!([]));

    // unbanIps: addresses and networks, each counted once.
    let body = app
        .gql(
            &admin,
            "mutation { banIp(jail: \"sshd\", ip: \"192.0.2.10\") { alreadyBanned } }",
            json!({}),
        )
        .await;
    assert_eq!(body["data"]["banIp"]["alreadyBanned"], false);
    let operator = app.user(&admin, "otto", "OPERATOR").await;
    let body = app
        .gql(
            &operator,
            "mutation($ips: [String!]!) { unbanIps(ips: $ips) { unbanned notBanned invalid } }",
            json!({ "ips": ["192.0.2.10", "198.51.100.0/25", "192.0.2.11", "not-an-address"] }),
        )
        .await;
    assert_eq!(
        body["data"]["unbanIps"],
        json!({ "unbanned": 2, "notBanned": 1, "invalid": ["not-an-address"] })
    );
    assert_eq!(banned(&app, "blocklist"), Vec::<String>::new());
    assert_eq!(banned(&app, "sshd"), Vec::<String>::new());
    let too_many: Vec<String> = (0..1001)
        .map(|i| format!("10.0.{}.{}", i / 250, i % 250))
        .collect();
    let body = app
        .gql(
            &operator,
            "mutation($ips: [String!]!) { unbanIps(ips: $ips) { unbanned } }",
            json!({ "ips": too_many }),
        )
        .await;
    assert_eq!(code(&body), "BAD_USER_INPUT");
    let viewer = app.user(&admin, "vera", "VIEWER").await;
    let body = app
        .gql(
            &viewer,
            "mutation { unbanIps(ips: [\"192.0.2.10\"]) { unbanned } }",
            json!({}),
        )
        .await;
    assert_eq!(code(&body), "FORBIDDEN");
    app.stop().await;
}
