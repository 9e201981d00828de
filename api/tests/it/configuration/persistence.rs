//! Every change survives a direct `fail2ban-client reload` and a restart of
//! fail2ban, lives only in BanGUI's own files, and is recorded.

use bangui_test_support::{Sandbox, TestDb};
use serde_json::json;

use super::{config_file, ignored, jail_d, log_file, operator_ignores_loopback, running};
use crate::helpers::{TestApp, code};

const HEADER: &str = "\
# Managed by BanGUI. BanGUI rewrites this file whenever its fail2ban
# configuration is changed (in the web dashboard or through its API), so an
# edit made here by hand is lost at the next change. To take a setting over,
# remove it in BanGUI, then set it in a file of your own.
";

/// fail2ban as the changes of the test leave it.
fn assert_changed(app: &TestApp) {
    assert_eq!(
        app.sandbox()
            .client(&["get", "sshd", "bantime"])
            .unwrap()
            .trim(),
        "3600"
    );
    assert_eq!(
        ignored(app, "sshd"),
        ["127.0.0.0/8", "192.0.2.7", "198.51.100.0/24", "::1"]
    );
    assert_eq!(
        ignored(app, "blocklist"),
        ["127.0.0.0/8", "198.51.100.0/24", "::1"]
    );
    assert_eq!(running(app), "blocklist, sshd, web");
    assert_eq!(
        app.sandbox()
            .client(&["get", "web", "maxretry"])
            .unwrap()
            .trim(),
        "2"
    );
}

#[tokio::test]
async fn changes_survive_a_reload_and_a_restart_of_fail2ban() {
    let app = TestApp::spawn_with_fail2ban().await;
    let admin = app.admin().await;
    operator_ignores_loopback(&app);
    let body = app
        .gql(
            &admin,
            "mutation { updateJail(name: \"sshd\", input: { banTime: 3600 }) { name banTime } }",
            json!({}),
        )
        .await;
    assert_eq!(
        body["data"]["updateJail"],
        json!({ "name": "sshd", "banTime": 3600 })
    );
    let body = app
        .gql(
            &admin,
            "mutation { addIgnoreIp(jail: \"sshd\", ip: \"192.0.2.7\", comment: \"VPN gateway\", expiresAt: \"2099-01-01T00:00:00Z\") { ignoreList { network comment expiresAt addedBy } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        body["data"]["addIgnoreIp"]["ignoreList"],
        json!([
            { "network": "127.0.0.0/8", "comment": null, "expiresAt": null, "addedBy": null },
            { "network": "192.0.2.7", "comment": "VPN gateway", "expiresAt": "2099-01-01T00:00:00+00:00", "addedBy": "admin" },
            { "network": "::1", "comment": null, "expiresAt": null, "addedBy": null },
        ])
    );
    let body = app
        .gql(&admin, "mutation { addAllowlistEntry(ip: \"198.51.100.0/24\", comment: \"office\") { network comment addedBy } }", json!({}))
        .await;
    assert_eq!(
        body["data"]["addAllowlistEntry"],
        json!({ "network": "198.51.100.0/24", "comment": "office", "addedBy": "admin" })
    );
    let body = app
        .gql(&admin, "mutation { setJailEnabled(name: \"nginx-http-auth\", enabled: false) { name running enabled } }", json!({}))
        .await;
    assert_eq!(
        body["data"]["setJailEnabled"],
        json!({ "name": "nginx-http-auth", "running": false, "enabled": false })
    );
    let web_log = log_file(&app, "nginx-error.log");
    let body = app
        .gql(
            &admin,
            "mutation($i: JailInput!) { createJail(input: $i) { name running enabled managed filter maxRetry } }",
            json!({ "i": { "name": "web", "filter": "nginx-http-auth", "logPaths": [web_log], "port": "http,https", "maxRetry": 2 } }),
        )
        .await;
    assert_eq!(
        body["data"]["createJail"],
        json!({ "name": "web", "running": true, "enabled": true, "managed": true, "filter": "nginx-http-auth", "maxRetry": 2 })
    );
    assert_changed(&app);

    // BanGUI's files, and nothing else in jail.d/.
    assert_eq!(jail_d(&app), ["bangui-web.local", "bangui.local"]);
    assert_eq!(
        config_file(&app, "jail.d/bangui.local").unwrap(),
        format!(
            "{HEADER}\n# The allowlist: addresses no jail bans.\n[DEFAULT]\n\
             # 127.0.0.1/8 ::1: from fail2ban's own files\n\
             # 198.51.100.0/24: office, added by admin\n\
             ignoreip = 127.0.0.1/8 ::1 198.51.100.0/24\n\
             \n[nginx-http-auth]\nenabled = false\n\
             \n[sshd]\nbantime = 3600\n\
             # 192.0.2.7: VPN gateway, added by admin, expires 2099-01-01 00:00 UTC\n\
             ignoreip = %(known/ignoreip)s 192.0.2.7\n"
        )
    );
    assert_eq!(
        config_file(&app, "jail.d/bangui-web.local").unwrap(),
        format!(
            "{HEADER}\n# Created in BanGUI.\n[web]\nenabled = true\nfilter = nginx-http-auth\n\
             logpath = {web_log}\nport = http,https\nmaxretry = 2\n"
        )
    );

    // fail2ban's own reload and a restart read the same files.
    app.sandbox().client(&["reload"]).unwrap();
    assert_changed(&app);
    app.sandbox().stop().unwrap();
    app.sandbox().restart().unwrap();
    assert_changed(&app);

    // Jails say what they are and where each setting comes from.
    let body = app
        .gql(
            &admin,
            "{ jails { name running enabled managed host } jail(name: \"sshd\") { settingSources { setting value file section managedByBangui } } }",
            json!({}),
        )
        .await;
    // BanGUI's host is this machine, by its name.
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .unwrap()
        .trim()
        .to_owned();
    assert_eq!(
        body["data"]["jails"],
        json!([
            { "name": "blocklist", "running": true, "enabled": true, "managed": false, "host": host },
            { "name": "nginx-http-auth", "running": false, "enabled": false, "managed": false, "host": host },
            { "name": "sshd", "running": true, "enabled": true, "managed": false, "host": host },
            { "name": "web", "running": true, "enabled": true, "managed": true, "host": host },
        ])
    );
    let sources = &body["data"]["jail"]["settingSources"];
    let source = |setting: &str| {
        sources
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["setting"] == setting)
            .cloned()
            .unwrap()
    };
    assert_eq!(
        source("bantime"),
        json!({ "setting": "bantime", "value": "3600", "file": "jail.d/bangui.local", "section": "sshd", "managedByBangui": true })
    );
    assert_eq!(
        source("maxretry"),
        json!({ "setting": "maxretry", "value": "3", "file": "jail.local", "section": "DEFAULT", "managedByBangui": false })
    );
    assert_eq!(
        source("port"),
        json!({ "setting": "port", "value": "ssh", "file": "jail.local", "section": "sshd", "managedByBangui": false })
    );

    // Every change is recorded with its diff; the newest first.
    let body = app
        .gql(
            &admin,
            "{ configChanges(first: 10) { totalCount nodes { actor file applied error diff } } }",
            json!({}),
        )
        .await;
    let changes = &body["data"]["configChanges"];
    assert_eq!(changes["totalCount"], 5);
    let files: Vec<(&str, bool)> = changes["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["file"].as_str().unwrap(), n["applied"].as_bool().unwrap()))
        .collect();
    assert_eq!(
        files,
        [
            ("jail.d/bangui-web.local", true),
            ("jail.d/bangui.local", true),
            ("jail.d/bangui.local", true),
            ("jail.d/bangui.local", true),
            ("jail.d/bangui.local", true),
        ]
    );
    assert_eq!(
        changes["nodes"][1]["diff"],
        "--- a/jail.d/bangui.local\n+++ b/jail.d/bangui.local\n@@ -9,6 +9,9 @@\n # 198.51.100.0/24: office, added by admin\n ignoreip = 127.0.0.1/8 ::1 198.51.100.0/24\n \n+[nginx-http-auth]\n+enabled = false\n+\n [sshd]\n bantime = 3600\n # 192.0.2.7: VPN gateway, added by admin, expires 2099-01-01 00:00 UTC\n"
    );
    assert_eq!(changes["nodes"][4]["actor"], "admin");

    // Only jails BanGUI created can be deleted; deleting one removes its file.
    let body = app
        .gql(&admin, "mutation { deleteJail(name: \"sshd\") }", json!({}))
        .await;
    assert_eq!(code(&body), "BAD_USER_INPUT");
    let body = app
        .gql(&admin, "mutation { deleteJail(name: \"web\") }", json!({}))
        .await;
    assert_eq!(body["data"]["deleteJail"], true);
    assert_eq!(jail_d(&app), ["bangui.local"]);
    assert_eq!(running(&app), "blocklist, sshd");
    let body = app.gql(&admin, "{ jails { name } }", json!({})).await;
    assert_eq!(
        body["data"]["jails"],
        json!([{ "name": "blocklist" }, { "name": "nginx-http-auth" }, { "name": "sshd" }])
    );
    app.stop().await;
}

#[tokio::test]
async fn the_allowlist_and_ignore_entries_come_and_go() {
    let sandbox = Sandbox::start().unwrap();
    let app = TestApp::spawn_with(
        TestDb::sqlite(),
        Some(sandbox),
        &[("BANGUI_IGNORE_EXPIRY_INTERVAL_SECS", "1")],
    )
    .await;
    let admin = app.admin().await;
    let body = app
        .gql(
            &admin,
            "mutation { addAllowlistEntry(ip: \"203.0.113.0/24\") { network } }",
            json!({}),
        )
        .await;
    assert_eq!(
        body["data"]["addAllowlistEntry"]["network"],
        "203.0.113.0/24"
    );
    let body = app
        .gql(
            &admin,
            "mutation { addAllowlistEntry(ip: \"203.0.113.9/24\") { network } }",
            json!({}),
        )
        .await;
    assert_eq!(code(&body), "CONFLICT");
    let body = app
        .gql(&admin, "{ allowlist { network } }", json!({}))
        .await;
    assert_eq!(
        body["data"]["allowlist"],
        json!([{ "network": "203.0.113.0/24" }])
    );
    assert_eq!(ignored(&app, "sshd"), ["203.0.113.0/24"]);
    let body = app
        .gql(
            &admin,
            "mutation { removeAllowlistEntry(ip: \"203.0.113.0/24\") }",
            json!({}),
        )
        .await;
    assert_eq!(body["data"]["removeAllowlistEntry"], true);
    assert_eq!(ignored(&app, "sshd"), Vec::<String>::new());
    let body = app
        .gql(
            &admin,
            "mutation { removeAllowlistEntry(ip: \"203.0.113.0/24\") }",
            json!({}),
        )
        .await;
    assert_eq!(code(&body), "NOT_FOUND");
    // Only this BanGUI's host exists.
    let body = app
        .gql(
            &admin,
            "{ allowlist(host: \"elsewhere\") { network } }",
            json!({}),
        )
        .await;
    assert_eq!(code(&body), "BAD_USER_INPUT");
    // An entry whose time is up is removed by the expiry job.
    let soon = (chrono::Utc::now() + chrono::Duration::seconds(2)).to_rfc3339();
    let body = app
        .gql(
            &admin,
            "mutation($at: DateTime!) { addIgnoreIp(jail: \"sshd\", ip: \"192.0.2.99\", expiresAt: $at) { name } }",
            json!({ "at": soon }),
        )
        .await;
    assert_eq!(body["data"]["addIgnoreIp"]["name"], "sshd", "{body}");
    assert_eq!(ignored(&app, "sshd"), ["192.0.2.99"]);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while ignored(&app, "sshd") != Vec::<String>::new() {
        assert!(
            std::time::Instant::now() < deadline,
            "the expired entry stayed"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert!(
        !config_file(&app, "jail.d/bangui.local")
            .unwrap()
            .contains("192.0.2.99")
    );
    // A viewer reads the allowlist but changes nothing.
    let viewer = app.user(&admin, "vera", "VIEWER").await;
    let body = app
        .gql(&viewer, "{ allowlist { network } }", json!({}))
        .await;
    assert_eq!(body["data"]["allowlist"], json!([]));
    let body = app
        .gql(
            &viewer,
            "mutation { addAllowlistEntry(ip: \"192.0.2.1\") { network } }",
            json!({}),
        )
        .await;
    assert_eq!(code(&body), "FORBIDDEN");
    app.stop().await;
}
