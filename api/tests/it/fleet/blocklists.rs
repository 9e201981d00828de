//! A blocklist source of an agent host: its imports ban on that host's
//! fail2ban only, its host stays its own, and an import while the agent is
//! away fails and says why.

use std::collections::BTreeSet;
use std::time::Duration;

use bangui_test_support::lists::ListServer;
use serde_json::json;

use super::{Agent, add_host, banned, wait_connected};
use crate::blocklists::import;
use crate::helpers::{Sandbox, TestApp, TestDb, code};

const CREATE: &str =
    "mutation($i: BlocklistSourceInput!) { createBlocklistSource(input: $i) { id host jail } }";
const UPDATE: &str = "mutation($id: ID!, $i: BlocklistSourceInput!) { updateBlocklistSource(id: $id, input: $i) { host intervalMinutes } }";

#[tokio::test]
async fn an_agent_hosts_blocklist_bans_on_that_host() {
    let lists = ListServer::start("45.2.0.1\n45.2.0.2\n45.2.0.3\n").await;
    let local = Sandbox::start().unwrap();
    let app = TestApp::spawn_with(
        TestDb::sqlite(),
        Some(local),
        &[("BANGUI_BLOCKLIST_ALLOWED_NETWORKS", "127.0.0.1/32")],
    )
    .await;
    let admin = app.admin().await;
    let alpha_box = Sandbox::start().unwrap();
    let (_, token) = add_host(&app, &admin, "alpha").await;
    let mut alpha = Agent::start(&app.url(""), &token, &alpha_box);
    wait_connected(&app, &admin, "alpha", true).await;

    let input = |interval: i32, host: Option<&str>| {
        json!({ "name": "attackers", "url": lists.url("/list.txt"), "jail": "blocklist",
                "enabled": false, "intervalMinutes": interval, "host": host })
    };
    let made = app
        .gql(&admin, CREATE, json!({ "i": input(1440, Some("alpha")) }))
        .await;
    assert_eq!(
        made["data"]["createBlocklistSource"]["host"], "alpha",
        "{made}"
    );
    let id = made["data"]["createBlocklistSource"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let run = import(&app, &admin, &id, false).await;
    assert_eq!(
        (&run["status"], &run["newBans"], &run["error"]),
        (&json!("COMPLETED"), &json!(3), &json!(null)),
        "{run}"
    );
    assert_eq!(
        banned(&alpha_box, "blocklist"),
        ["45.2.0.1", "45.2.0.2", "45.2.0.3"]
    );
    assert!(banned(app.sandbox(), "blocklist").is_empty());
    let archived = app
        .gql(
            &admin,
            r#"{ bans(first: 10, filter: { host: "alpha", origin: BLOCKLIST }) { edges { node { ip host blocklistSource { name } } } } }"#,
            json!({}),
        )
        .await;
    let ips: BTreeSet<&str> = archived["data"]["bans"]["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("{archived}"))
        .iter()
        .map(|e| {
            assert_eq!(e["node"]["host"], "alpha");
            assert_eq!(e["node"]["blocklistSource"]["name"], "attackers");
            e["node"]["ip"].as_str().unwrap()
        })
        .collect();
    assert_eq!(ips, BTreeSet::from(["45.2.0.1", "45.2.0.2", "45.2.0.3"]));

    // Its host stays: null keeps it, another is refused.
    let kept = app
        .gql(&admin, UPDATE, json!({ "id": id, "i": input(60, None) }))
        .await;
    assert_eq!(
        kept["data"]["updateBlocklistSource"],
        json!({ "host": "alpha", "intervalMinutes": 60 }),
        "{kept}"
    );
    let local_name = app.gql(&admin, "{ hosts { name local } }", json!({})).await["data"]["hosts"]
        [0]["name"]
        .as_str()
        .unwrap()
        .to_owned();
    let moved = app
        .gql(
            &admin,
            UPDATE,
            json!({ "id": id, "i": input(60, Some(&local_name)) }),
        )
        .await;
    assert_eq!(code(&moved), "BAD_USER_INPUT", "{moved}");
    assert_eq!(
        moved["errors"][0]["message"],
        "a blocklist source's host cannot change: add a source for the other host"
    );

    // While its agent is away, an import fails and says so; the list grew.
    alpha.kill();
    wait_connected(&app, &admin, "alpha", false).await;
    lists.set("45.2.0.1\n45.2.0.2\n45.2.0.3\n45.2.0.4\n");
    let away = import(&app, &admin, &id, false).await;
    assert_eq!(away["status"], "FAILED", "{away}");
    let error = away["error"].as_str().unwrap();
    assert!(error.contains("alpha"), "{error}");
    alpha.restart(&app.url(""), &token, &alpha_box);
    wait_connected(&app, &admin, "alpha", true).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let back = import(&app, &admin, &id, false).await;
    assert_eq!(
        (&back["status"], &back["newBans"], &back["alreadyBanned"]),
        (&json!("COMPLETED"), &json!(1), &json!(3)),
        "{back}"
    );
    assert_eq!(
        banned(&alpha_box, "blocklist"),
        ["45.2.0.1", "45.2.0.2", "45.2.0.3", "45.2.0.4"]
    );
    app.stop().await;
}
