//! Blocklist sources: validated, and managed by administrators only.

use serde_json::{Value, json};

use super::SOURCE_FIELDS;
use crate::helpers::{TestApp, code};

#[tokio::test]
async fn sources_are_validated_and_managed_by_admins() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let create = "mutation($i: BlocklistSourceInput!) { createBlocklistSource(input: $i) { id name allowlist intervalMinutes } }";
    let input = |name: &str, url: &str| json!({ "i": { "name": name, "url": url, "jail": "blocklist", "allowlist": ["45.1.2.0/24"] } });
    for (url, why) in [
        ("ftp://lists.example.org/x.txt", "only http and https"),
        (
            "http://10.1.2.3/list.txt",
            "private, loopback or link-local",
        ),
        (
            "http://169.254.169.254/latest/meta-data/",
            "private, loopback or link-local",
        ),
        ("http://[::1]:8080/list", "private, loopback or link-local"),
        ("not a url", "is not valid"),
    ] {
        let body = app.gql(&admin, create, input("x", url)).await;
        assert_eq!(code(&body), "BAD_USER_INPUT", "{url}: {body}");
        assert!(
            body["errors"][0]["message"].as_str().unwrap().contains(why),
            "{body}"
        );
    }
    let mut bad = input("x", "https://lists.example.org/x.txt");
    bad["i"]["allowlist"] = json!(["300.1.1.1"]);
    assert_eq!(code(&app.gql(&admin, create, bad).await), "BAD_USER_INPUT");
    let mut bad = input("x", "https://lists.example.org/x.txt");
    bad["i"]["intervalMinutes"] = json!(1);
    assert_eq!(code(&app.gql(&admin, create, bad).await), "BAD_USER_INPUT");

    let made = app
        .gql(
            &admin,
            create,
            input("Attackers", "https://lists.example.org/x.txt"),
        )
        .await;
    assert_eq!(
        made["data"]["createBlocklistSource"],
        json!({ "id": made["data"]["createBlocklistSource"]["id"], "name": "Attackers",
                "allowlist": ["45.1.2.0/24"], "intervalMinutes": 1440 })
    );
    let id = made["data"]["createBlocklistSource"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let again = app
        .gql(
            &admin,
            create,
            input("Attackers", "https://lists.example.org/y.txt"),
        )
        .await;
    assert_eq!(code(&again), "CONFLICT");

    let operator = app.user(&admin, "op", "OPERATOR").await;
    let denied = app
        .gql(
            &operator,
            create,
            input("Other", "https://lists.example.org/x.txt"),
        )
        .await;
    assert_eq!(code(&denied), "FORBIDDEN");

    let update = format!(
        "mutation($id: ID!, $i: BlocklistSourceInput!) {{ updateBlocklistSource(id: $id, input: $i) {{ {SOURCE_FIELDS} }} }}"
    );
    let mut changed = input("Attackers v2", "https://lists.example.org/v2.txt");
    changed["id"] = json!(id);
    changed["i"]["enabled"] = json!(false);
    changed["i"]["unbanRemoved"] = json!(true);
    let updated = app.gql(&admin, &update, changed).await;
    assert_eq!(
        updated["data"]["updateBlocklistSource"],
        json!({ "id": id, "name": "Attackers v2", "url": "https://lists.example.org/v2.txt",
                "jail": "blocklist", "enabled": false, "intervalMinutes": 1440,
                "allowlist": ["45.1.2.0/24"], "unbanRemoved": true })
    );
    let delete = "mutation($id: ID!) { deleteBlocklistSource(id: $id) }";
    let deleted = app.gql(&admin, delete, json!({ "id": id })).await;
    assert_eq!(deleted["data"]["deleteBlocklistSource"], true);
    // The audit log holds what each change changed, old and new.
    let log = app
        .gql(
            &admin,
            "{ auditLog(first: 2) { action details } }",
            json!({}),
        )
        .await;
    let details = |i: usize| -> Value {
        serde_json::from_str(log["data"]["auditLog"][i]["details"].as_str().unwrap()).unwrap()
    };
    assert_eq!(
        log["data"]["auditLog"][1]["action"],
        "updateBlocklistSource"
    );
    assert_eq!(
        details(1),
        json!({
            "name": { "old": "Attackers", "new": "Attackers v2" },
            "url": { "old": "https://lists.example.org/x.txt", "new": "https://lists.example.org/v2.txt" },
            "enabled": { "old": true, "new": false },
            "unbanRemoved": { "old": false, "new": true }
        })
    );
    assert_eq!(
        log["data"]["auditLog"][0]["action"],
        "deleteBlocklistSource"
    );
    assert_eq!(
        details(0),
        json!({
            "name": { "old": "Attackers v2", "new": null },
            "url": { "old": "https://lists.example.org/v2.txt", "new": null },
            "jail": { "old": "blocklist", "new": null },
            "enabled": { "old": false, "new": null },
            "intervalMinutes": { "old": 1440, "new": null },
            "allowlist": { "old": ["45.1.2.0/24"], "new": null },
            "unbanRemoved": { "old": true, "new": null }
        })
    );
    assert_eq!(
        code(&app.gql(&admin, delete, json!({ "id": id })).await),
        "NOT_FOUND"
    );
    let listed = app
        .gql(&admin, "{ blocklistSources { id } }", json!({}))
        .await;
    assert_eq!(listed["data"]["blocklistSources"], json!([]));
    app.stop().await;
}
