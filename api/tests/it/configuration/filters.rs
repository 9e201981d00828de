//! Installed filters, and filter tests whose counts are fail2ban-regex's own.

use std::process::Command;

use serde_json::json;

use crate::helpers::{TestApp, code};

const LINES: [&str; 4] = [
    "Dec  2 10:00:01 host sshd[123]: Failed password for root from 203.0.113.5 port 22 ssh2",
    "Dec  2 10:00:02 host sshd[123]: Failed password for bob from 203.0.113.6 port 22 ssh2",
    "garbage line",
    "Dec  2 10:00:03 host sshd[124]: Invalid user admin from 203.0.113.9 port 4242",
];

/// fail2ban-regex's own `Lines:` summary for `LINES` and `regex`.
fn fail2ban_regex(app: &TestApp, args: &[&str]) -> String {
    let file = app.sandbox().dir().join("lines-for-regex.log");
    std::fs::write(&file, LINES.join("\n") + "\n").unwrap();
    let out = Command::new("fail2ban-regex")
        .arg("-c")
        .arg(app.sandbox().config_dir())
        .arg(&file)
        .args(args)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find(|l| l.starts_with("Lines: "))
        .unwrap()
        .to_owned()
}

/// The time fail2ban reads from `LINES[0]` ("Dec  2 10:00:01", no year): that
/// moment in the local time zone, in the current year unless that is still to
/// come, in UTC as the API writes it.
fn first_line_time() -> String {
    use chrono::{Datelike, Local, TimeZone, Utc};
    let now = Local::now();
    let at = |year| Local.with_ymd_and_hms(year, 12, 2, 10, 0, 1).unwrap();
    let mut when = at(now.year());
    if when > now {
        when = at(now.year() - 1);
    }
    when.with_timezone(&Utc)
        .format("%Y-%m-%dT%H:%M:%S+00:00")
        .to_string()
}

#[tokio::test]
async fn filter_tests_count_what_fail2ban_regex_counts() {
    let app = TestApp::spawn_with_fail2ban().await;
    let admin = app.admin().await;
    let body = app
        .gql(
            &admin,
            "{ filters { name failRegex ignoreRegex datePattern } }",
            json!({}),
        )
        .await;
    let filters = body["data"]["filters"].as_array().unwrap();
    assert!(filters.iter().any(|f| f["name"] == "sshd"));
    assert!(!filters.iter().any(|f| f["name"] == "common"));
    assert_eq!(
        filters
            .iter()
            .find(|f| f["name"] == "bangui-blocklist")
            .unwrap(),
        &json!({ "name": "bangui-blocklist", "failRegex": ["^BANGUI-BLOCKLIST-NEVER-MATCHES <HOST>$"], "ignoreRegex": [], "datePattern": null })
    );

    let test = "query($i: FilterTestInput!) { testFilter(input: $i) { linesTested matched ignored missed matches { lineNumber ip at line } } }";
    let body = app
        .gql(
            &admin,
            test,
            json!({ "i": { "filter": "sshd", "lines": LINES } }),
        )
        .await;
    let result = &body["data"]["testFilter"];
    assert_eq!(
        fail2ban_regex(&app, &["sshd"]),
        "Lines: 4 lines, 0 ignored, 3 matched, 1 missed"
    );
    assert_eq!(
        (
            &result["linesTested"],
            &result["matched"],
            &result["ignored"],
            &result["missed"]
        ),
        (&json!(4), &json!(3), &json!(0), &json!(1))
    );
    let matches: Vec<(i64, &str)> = result["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["lineNumber"].as_i64().unwrap(), m["ip"].as_str().unwrap()))
        .collect();
    assert_eq!(
        matches,
        [(1, "203.0.113.5"), (2, "203.0.113.6"), (4, "203.0.113.9")]
    );
    assert_eq!(result["matches"][2]["line"], LINES[3]);
    assert_eq!(result["matches"][0]["at"], first_line_time());

    // Ad-hoc expressions, with fail2ban's common definitions.
    let fail = "^%(__prefix_line)sFailed password for \\S+ from <HOST>";
    let body = app
        .gql(
            &admin,
            test,
            json!({ "i": { "failRegex": [fail], "ignoreRegex": ["for root"], "lines": LINES } }),
        )
        .await;
    let result = &body["data"]["testFilter"];
    assert_eq!(
        (
            &result["linesTested"],
            &result["matched"],
            &result["ignored"],
            &result["missed"]
        ),
        (&json!(4), &json!(1), &json!(1), &json!(2)),
        "{body}"
    );
    assert_eq!(result["matches"][0]["lineNumber"], 2);

    // A jail's own log file and filter.
    app.sandbox().fail_ssh_login("198.51.100.23", 2).unwrap();
    let body = app
        .gql(
            &admin,
            test,
            json!({ "i": { "jail": "sshd", "maxLines": 10 } }),
        )
        .await;
    let result = &body["data"]["testFilter"];
    assert_eq!(
        (&result["linesTested"], &result["matched"]),
        (&json!(2), &json!(2)),
        "{body}"
    );
    assert_eq!(result["matches"][1]["ip"], "198.51.100.23");

    // Bounded, and nothing is ever run by a shell.
    let marker = app.sandbox().dir().join("ran");
    let injected = format!("$(touch {}) <HOST>", marker.display());
    let body = app
        .gql(
            &admin,
            test,
            json!({ "i": { "failRegex": [injected], "lines": ["x; touch /tmp/y"] } }),
        )
        .await;
    assert_eq!(body["data"]["testFilter"]["matched"], 0, "{body}");
    assert!(!marker.exists());
    for (input, message) in [
        (
            json!({ "filter": "sshd", "lines": LINES, "maxLines": 0 }),
            "maxLines must be between 1 and 100000, not 0",
        ),
        (
            json!({ "filter": "sshd", "lines": LINES, "maxLines": 2 }),
            "at most 2 lines (maxLines)",
        ),
        (
            json!({ "filter": "sshd", "failRegex": ["x <HOST>"], "lines": LINES }),
            "give either filter or failRegex, not both",
        ),
        (
            json!({ "failRegex": ["a\nb <HOST>"], "lines": LINES }),
            "each expression is one line of 1 to 2048 bytes",
        ),
        (
            json!({ "filter": "../../etc/passwd", "lines": LINES }),
            "fail2ban has no filter named \"../../etc/passwd\"",
        ),
    ] {
        let body = app.gql(&admin, test, json!({ "i": input })).await;
        assert_eq!(code(&body), "BAD_USER_INPUT", "{body}");
        assert_eq!(body["errors"][0]["message"], message);
    }
    app.stop().await;
}
