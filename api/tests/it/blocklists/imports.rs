//! Imports: each address banned once, the list followed as it changes.

use std::collections::BTreeSet;
use std::time::Duration;

use bangui_test_support::lists::ListServer;
use serde_json::json;

use super::{RUN_FIELDS, banned, import, set};
use crate::helpers::{TestApp, code};
use crate::ws::{next, subscribe};

#[tokio::test]
async fn imports_ban_each_address_once_and_follow_the_list() {
    let lists = ListServer::start(
        "\u{feff}# attackers, updated hourly\r\n\
         45.1.1.1\r\n\
         45.1.1.2   # trailing comment\r\n\
         45.1.1.3\t2026-11-20\tssh\r\n\
         ; a comment in another style\r\n\
         45.1.2.9\r\n\
         10.0.0.8\r\n\
         2a01:4f8::1\r\n\
         45.1.1.1\r\n\
         not-an-ip\r\n\
         91.200.0.0/16\r\n\
         11.0.0.0/7\r\n\
         4.0.0.0/6\r\n\
         45.1.2.128/25\r\n",
    )
    .await;
    let base = &lists.base;
    let sandbox = bangui_test_support::Sandbox::start().unwrap();
    let app = TestApp::spawn_with(
        crate::helpers::TestDb::sqlite(),
        Some(sandbox),
        &[("BANGUI_BLOCKLIST_ALLOW_PRIVATE_URLS", "true")],
    )
    .await;
    let admin = app.admin().await;
    let made = app
        .gql(
            &admin,
            "mutation($i: BlocklistSourceInput!) { createBlocklistSource(input: $i) { id } }",
            json!({ "i": { "name": "attackers", "url": format!("{base}/list.txt"), "jail": "blocklist",
                           "enabled": false, "allowlist": ["45.1.2.0/24"], "unbanRemoved": true } }),
        )
        .await;
    let source = made["data"]["createBlocklistSource"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // A jail fail2ban does not have is refused when the source is saved.
    let unknown = app
        .gql(
            &admin,
            "mutation($i: BlocklistSourceInput!) { createBlocklistSource(input: $i) { id } }",
            json!({ "i": { "name": "elsewhere", "url": format!("{base}/list.txt"), "jail": "no-such-jail" } }),
        )
        .await;
    assert_eq!(code(&unknown), "BAD_USER_INPUT");
    assert_eq!(
        unknown["errors"][0]["message"],
        "fail2ban has no jail named \"no-such-jail\""
    );

    // A dry run reports and touches nothing.
    let dry = import(&app, &admin, &source, true).await;
    assert_eq!(
        dry,
        json!({ "id": dry["id"], "status": "COMPLETED", "dryRun": true, "contentHash": null,
                "parsedLines": 12, "validIps": 5, "newBans": 5, "alreadyBanned": 0,
                "skipped": 5, "invalidLines": 1, "unbanned": 0, "error": null,
                "wouldBan": ["45.1.1.1", "45.1.1.2", "45.1.1.3", "2a01:4f8::1", "91.200.0.0/16"],
                "wouldUnban": [] })
    );
    assert_eq!(banned(&app), BTreeSet::new());

    // The import bans the four public addresses and the public network, not the
    // allowlisted, private, too broad or junk entries.
    let queued = app
        .gql(
            &admin,
            "mutation($s: ID!) { importBlocklist(sourceId: $s) { id status } }",
            json!({ "s": source }),
        )
        .await;
    let run_id = queued["data"]["importBlocklist"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(queued["data"]["importBlocklist"]["status"], "PENDING");
    let mut progress = subscribe(
        &app,
        &admin,
        "subscription($id: ID!) { importProgress(runId: $id) { status newBans } }",
        json!({ "id": run_id }),
    )
    .await;
    let mut seen = Vec::new();
    loop {
        let message = next(&mut progress, Duration::from_secs(30)).await.unwrap();
        if message["type"] == "complete" {
            break;
        }
        seen.push(message["payload"]["data"]["importProgress"].clone());
    }
    assert_eq!(
        seen.last(),
        Some(&json!({ "status": "COMPLETED", "newBans": 5 })),
        "{seen:?}"
    );
    let run = app
        .gql(
            &admin,
            &format!("query($id: ID!) {{ importRun(id: $id) {{ {RUN_FIELDS} }} }}"),
            json!({ "id": run_id }),
        )
        .await["data"]["importRun"]
        .clone();
    assert_eq!(run["status"], "COMPLETED", "{run}");
    assert_eq!(
        (
            run["validIps"].clone(),
            run["newBans"].clone(),
            run["alreadyBanned"].clone(),
            run["skipped"].clone()
        ),
        (json!(5), json!(5), json!(0), json!(5))
    );
    assert_eq!(run["contentHash"].as_str().unwrap().len(), 64);
    assert_eq!(
        banned(&app),
        set(&[
            "45.1.1.1",
            "45.1.1.2",
            "45.1.1.3",
            "2a01:4f8::1",
            "91.200.0.0/16"
        ])
    );
    let archived = app
        .gql(
            &admin,
            "{ bans(filter: { origin: BLOCKLIST }) { totalCount nodes { ip jail origin blocklistSource { name } } } }",
            json!({}),
        )
        .await;
    assert_eq!(archived["data"]["bans"]["totalCount"], 5, "{archived}");
    for ban in archived["data"]["bans"]["nodes"].as_array().unwrap() {
        assert_eq!(
            ban["blocklistSource"],
            json!({ "name": "attackers" }),
            "{ban}"
        );
    }
    let info = app
        .gql(
            &admin,
            "{ ipInfo(ip: \"45.1.1.2\") { blocklistSources { name } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        info["data"]["ipInfo"]["blocklistSources"],
        json!([{ "name": "attackers" }])
    );

    // Unchanged: the server says 304, nothing is done.
    let same = import(&app, &admin, &source, false).await;
    assert_eq!(same["status"], "SKIPPED");
    assert_eq!(same["error"], "the list has not changed (HTTP 304)");

    // The list changes: an address and the network leave (and are unbanned), an
    // address arrives.
    lists.set("45.1.1.1\n45.1.1.3\n2a01:4f8::1\n45.1.1.4\n");
    let changed = import(&app, &admin, &source, false).await;
    assert_eq!(
        (
            changed["status"].clone(),
            changed["newBans"].clone(),
            changed["alreadyBanned"].clone(),
            changed["unbanned"].clone()
        ),
        (json!("COMPLETED"), json!(1), json!(3), json!(2)),
        "{changed}"
    );
    assert_eq!(
        banned(&app),
        set(&["45.1.1.1", "45.1.1.3", "45.1.1.4", "2a01:4f8::1"])
    );

    // Same content from a server without validators: the content hash says so.
    let update = "mutation($id: ID!, $i: BlocklistSourceInput!) { updateBlocklistSource(id: $id, input: $i) { id } }";
    app.gql(
        &admin,
        update,
        json!({ "id": source, "i": { "name": "attackers", "url": format!("{base}/plain.txt"),
                "jail": "blocklist", "enabled": false, "allowlist": ["45.1.2.0/24"], "unbanRemoved": true } }),
    )
    .await;
    let hashed = import(&app, &admin, &source, false).await;
    assert_eq!(hashed["status"], "SKIPPED", "{hashed}");
    assert!(
        hashed["error"]
            .as_str()
            .unwrap()
            .starts_with("same content as run")
    );

    // A missing list fails the run with the reason.
    app.gql(
        &admin,
        update,
        json!({ "id": source, "i": { "name": "attackers", "url": format!("{base}/missing.txt"),
                "jail": "blocklist", "enabled": false } }),
    )
    .await;
    let missing = import(&app, &admin, &source, false).await;
    assert_eq!(missing["status"], "FAILED");
    assert_eq!(missing["error"], "the server answered 404");

    // The import log, newest first, paged.
    let log = app
        .gql(
            &admin,
            "query($s: ID!) { importRuns(first: 2, sourceId: $s) { totalCount nodes { status dryRun } pageInfo { hasNextPage endCursor } } }",
            json!({ "s": source }),
        )
        .await;
    let runs = &log["data"]["importRuns"];
    assert_eq!(runs["totalCount"], 6, "{log}");
    assert_eq!(
        runs["nodes"],
        json!([{ "status": "FAILED", "dryRun": false }, { "status": "SKIPPED", "dryRun": false }])
    );
    assert_eq!(runs["pageInfo"]["hasNextPage"], true);
    let rest = app
        .gql(
            &admin,
            "query($s: ID!, $a: String) { importRuns(first: 10, after: $a, sourceId: $s) { nodes { status dryRun } } }",
            json!({ "s": source, "a": runs["pageInfo"]["endCursor"] }),
        )
        .await;
    assert_eq!(
        rest["data"]["importRuns"]["nodes"],
        json!([{ "status": "COMPLETED", "dryRun": false }, { "status": "SKIPPED", "dryRun": false },
               { "status": "COMPLETED", "dryRun": false }, { "status": "COMPLETED", "dryRun": true }])
    );
    app.stop().await;
}
