//! Blocklist sources and imports end to end: a list server started here, the
//! sandboxed fail2ban, the import worker, the GraphQL API.

mod imports;
mod sources;

use std::collections::BTreeSet;
use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::TestApp;

const SOURCE_FIELDS: &str = "id name url jail enabled intervalMinutes allowlist unbanRemoved";
const RUN_FIELDS: &str = "id status dryRun contentHash parsedLines validIps newBans alreadyBanned \
                          skipped invalidLines unbanned error wouldBan wouldUnban";

pub(crate) async fn import(app: &TestApp, token: &str, source: &str, dry_run: bool) -> Value {
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
