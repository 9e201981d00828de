//! Blocklist sources and imports end to end: a list server started here, the
//! sandboxed fail2ban, the import worker, the GraphQL API.

use std::collections::BTreeSet;
use std::time::Duration;

use bangui_test_support::lists::ListServer;
use serde_json::{Value, json};

use crate::helpers::{TestApp, code};
use crate::ws::{next, subscribe};

const SOURCE_FIELDS: &str = "id name url jail enabled intervalMinutes allowlist unbanRemoved";
const RUN_FIELDS: &str = "id status dryRun contentHash parsedLines validIps newBans alreadyBanned \
                          skipped invalidLines unbanned error wouldBan wouldUnban";

async fn import(app: &TestApp, token: &str, source: &str, dry_run: bool) -> Value {
    let started = app
        .gql(
            token,
            "mutation($s: ID!, $d: Boolean!) { importBlocklist(sourceId: $s, dryRun: $d) { id status } }",
            json!({ "s": source, "d": dry_run }),
        )
        .await;
    let id = started["data"]["importBlocklist"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("importBlocklist: {started}"))
        .to_owned();
    for _ in 0..240 {
        let run = app
            .gql(
                token,
                &format!("query($id: ID!) {{ importRun(id: $id) {{ {RUN_FIELDS} }} }}"),
                json!({ "id": id }),
            )
            .await;
        let run = run["data"]["importRun"].clone();
        if !matches!(run["status"].as_str(), Some("PENDING" | "RUNNING")) {
            return run;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    panic!("import run {id} did not finish");
}

fn banned(app: &TestApp) -> BTreeSet<String> {
    let out = app
        .sandbox()
        .client(&["get", "blocklist", "banip"])
        .unwrap();
    out.split_whitespace().map(str::to_owned).collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

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
            "{ bans(filter: { origin: BLOCKLIST }) { totalCount nodes { ip jail origin } } }",
            json!({}),
        )
        .await;
    assert_eq!(archived["data"]["bans"]["totalCount"], 5, "{archived}");
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
