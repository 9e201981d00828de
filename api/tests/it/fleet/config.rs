//! The configuration of an agent host, changed from the hub: BanGUI's files
//! written on that machine (and only there), checked and loaded by its
//! fail2ban, refusals undone there, filters and filter tests run there, and
//! nothing done while its agent is away.

use serde_json::json;

use super::{Agent, add_host, wait_connected};
use crate::helpers::{Sandbox, TestApp, code};

fn file(sandbox: &Sandbox, name: &str) -> Option<String> {
    std::fs::read_to_string(sandbox.config_dir().join(name)).ok()
}

fn setting(sandbox: &Sandbox, jail: &str, name: &str) -> String {
    sandbox
        .client(&["get", jail, name])
        .unwrap()
        .trim()
        .to_owned()
}

/// fail2ban's ignore list of `jail`, sorted.
fn ignored(sandbox: &Sandbox, jail: &str) -> Vec<String> {
    let out = sandbox.client(&["get", jail, "ignoreip"]).unwrap();
    let mut entries: Vec<String> = out
        .lines()
        .filter_map(|l| l.strip_prefix("|- ").or_else(|| l.strip_prefix("`- ")))
        .map(str::to_owned)
        .collect();
    entries.sort();
    entries
}

fn running(sandbox: &Sandbox) -> String {
    let status = sandbox.client(&["status"]).unwrap();
    status
        .lines()
        .find_map(|l| l.split_once("Jail list:"))
        .map(|(_, jails)| jails.trim().to_owned())
        .unwrap_or_default()
}

#[tokio::test]
async fn an_agent_hosts_configuration_is_changed_on_that_host() {
    let app = TestApp::spawn_with_fail2ban().await;
    let admin = app.admin().await;
    let alpha_box = Sandbox::start().unwrap();
    let (_, token) = add_host(&app, &admin, "alpha").await;
    let mut alpha = Agent::start(&app.url(""), &token, &alpha_box);
    wait_connected(&app, &admin, "alpha", true).await;
    let local_ban_time = setting(app.sandbox(), "sshd", "bantime");

    // Settings and ignore entries land in alpha's files and alpha's fail2ban.
    let body = app
        .gql(
            &admin,
            r#"mutation { updateJail(name: "sshd", input: { banTime: 3600 }, host: "alpha") { name host banTime } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        body["data"]["updateJail"],
        json!({ "name": "sshd", "host": "alpha", "banTime": 3600 }),
        "{body}"
    );
    assert_eq!(setting(&alpha_box, "sshd", "bantime"), "3600");
    assert_eq!(setting(app.sandbox(), "sshd", "bantime"), local_ban_time);
    let body = app
        .gql(
            &admin,
            r#"mutation { addIgnoreIp(jail: "sshd", ip: "192.0.2.7", comment: "VPN gateway", host: "alpha") { ignoreList { network comment addedBy } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        body["data"]["addIgnoreIp"]["ignoreList"],
        json!([{ "network": "192.0.2.7", "comment": "VPN gateway", "addedBy": "admin" }]),
        "{body}"
    );
    let body = app
        .gql(
            &admin,
            r#"mutation { addAllowlistEntry(ip: "198.51.100.0/24", comment: "office", host: "alpha") { network } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        body["data"]["addAllowlistEntry"]["network"], "198.51.100.0/24",
        "{body}"
    );
    let lists = app
        .gql(
            &admin,
            r#"{ alpha: allowlist(host: "alpha") { network comment } local: allowlist { network } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        lists["data"],
        json!({ "alpha": [{ "network": "198.51.100.0/24", "comment": "office" }], "local": [] }),
        "{lists}"
    );
    assert_eq!(
        ignored(&alpha_box, "sshd"),
        ["192.0.2.7", "198.51.100.0/24"]
    );
    assert_eq!(ignored(app.sandbox(), "sshd"), Vec::<String>::new());
    assert_eq!(
        file(&alpha_box, "jail.d/bangui.local")
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with('#'))
            .collect::<Vec<_>>(),
        [
            "",
            "[DEFAULT]",
            "ignoreip = 198.51.100.0/24",
            "",
            "[sshd]",
            "bantime = 3600",
            "ignoreip = %(known/ignoreip)s 192.0.2.7",
        ]
    );
    assert_eq!(file(app.sandbox(), "jail.d/bangui.local"), None);

    // A jail of BanGUI's on alpha: created, shown with its origins, deleted.
    let web_log = alpha_box.dir().join("log/nginx-error.log");
    std::fs::write(&web_log, "").unwrap();
    let create = "mutation($i: JailInput!) { createJail(input: $i, host: \"alpha\") { name host running managed filter maxRetry } }";
    let body = app
        .gql(
            &admin,
            create,
            json!({ "i": { "name": "web", "filter": "nginx-http-auth", "logPaths": [web_log.display().to_string()], "maxRetry": 2 } }),
        )
        .await;
    assert_eq!(
        body["data"]["createJail"],
        json!({ "name": "web", "host": "alpha", "running": true, "managed": true, "filter": "nginx-http-auth", "maxRetry": 2 }),
        "{body}"
    );
    assert!(
        running(&alpha_box).contains("web"),
        "{}",
        running(&alpha_box)
    );
    assert!(!running(app.sandbox()).contains("web"));
    let shown = app
        .gql(
            &admin,
            r#"{ jail(name: "web", host: "alpha") { managed enabled settingSources { setting file managedByBangui } } }"#,
            json!({}),
        )
        .await;
    let sources = &shown["data"]["jail"]["settingSources"];
    assert!(
        sources
            .as_array()
            .unwrap()
            .contains(&json!({ "setting": "maxretry", "file": "jail.d/bangui-web.local", "managedByBangui": true })),
        "{shown}"
    );
    assert_eq!(shown["data"]["jail"]["managed"], true);

    // A change alpha's fail2ban refuses is undone there.
    let before = file(&alpha_box, "jail.d/bangui.local");
    let refused = app
        .gql(
            &admin,
            create,
            json!({ "i": { "name": "nolog", "filter": "sshd", "logPaths": ["/nonexistent/auth.log"] } }),
        )
        .await;
    assert_eq!(code(&refused), "CONFIG_INVALID", "{refused}");
    assert_eq!(file(&alpha_box, "jail.d/bangui-nolog.local"), None);
    assert_eq!(file(&alpha_box, "jail.d/bangui.local"), before);
    let deleted = app
        .gql(
            &admin,
            r#"mutation { deleteJail(name: "web", host: "alpha") }"#,
            json!({}),
        )
        .await;
    assert_eq!(deleted["data"]["deleteJail"], true, "{deleted}");
    assert!(!running(&alpha_box).contains("web"));
    assert_eq!(file(&alpha_box, "jail.d/bangui-web.local"), None);

    // Filters and filter tests run on alpha, on given lines and on its logs.
    let filters = app
        .gql(&admin, r#"{ filters(host: "alpha") { name } }"#, json!({}))
        .await;
    assert!(
        filters["data"]["filters"]
            .as_array()
            .unwrap()
            .contains(&json!({ "name": "sshd" })),
        "{filters}"
    );
    alpha_box.fail_ssh_login("203.0.113.50", 1).unwrap();
    let test = "query($i: FilterTestInput!) { testFilter(input: $i, host: \"alpha\") { linesTested matched matches { ip } } }";
    let on_logs = app
        .gql(&admin, test, json!({ "i": { "jail": "sshd" } }))
        .await;
    assert_eq!(
        on_logs["data"]["testFilter"],
        json!({ "linesTested": 1, "matched": 1, "matches": [{ "ip": "203.0.113.50" }] }),
        "{on_logs}"
    );
    let given = app
        .gql(
            &admin,
            test,
            json!({ "i": { "failRegex": ["^login failed from <HOST>$"], "lines": ["login failed from 192.0.2.1", "hello"] } }),
        )
        .await;
    assert_eq!(
        given["data"]["testFilter"],
        json!({ "linesTested": 2, "matched": 1, "matches": [{ "ip": "192.0.2.1" }] }),
        "{given}"
    );

    // Every change is recorded with its host.
    let changes = app
        .gql(
            &admin,
            "{ configChanges(first: 50) { nodes { host file applied } } }",
            json!({}),
        )
        .await;
    let nodes = changes["data"]["configChanges"]["nodes"]
        .as_array()
        .unwrap();
    assert!(nodes.iter().all(|n| n["host"] == "alpha"), "{changes}");
    assert!(
        nodes.contains(
            &json!({ "host": "alpha", "file": "jail.d/bangui-nolog.local", "applied": false })
        ),
        "{changes}"
    );

    // While alpha is away nothing changes, on either side.
    alpha.kill();
    wait_connected(&app, &admin, "alpha", false).await;
    let away = app
        .gql(
            &admin,
            r#"mutation { updateJail(name: "sshd", input: { banTime: 60 }, host: "alpha") { name } }"#,
            json!({}),
        )
        .await;
    assert_eq!(code(&away), "HOST_UNAVAILABLE", "{away}");
    assert_eq!(setting(&alpha_box, "sshd", "bantime"), "3600");
    alpha.restart(&app.url(""), &token, &alpha_box);
    wait_connected(&app, &admin, "alpha", true).await;
    let back = app
        .gql(
            &admin,
            r#"{ jail(name: "sshd", host: "alpha") { banTime } }"#,
            json!({}),
        )
        .await;
    assert_eq!(back["data"]["jail"]["banTime"], 3600, "{back}");
    app.stop().await;
}
