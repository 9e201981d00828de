//! `Dashboard.repeatOffenders` against a count of the archive's bans on
//! random data, on SQLite and PostgreSQL, over all time and over a range.

use std::collections::HashMap;

use bangui_core::archive::{self, NewBan, Origin};
use serde_json::{Value, json};

use crate::helpers::{TestApp, TestDb, code};

const START: i64 = 1_764_547_200;

/// `count` bans of 300 addresses over 20 days, from a fixed sequence.
fn bans(count: usize) -> Vec<NewBan> {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |n: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n
    };
    (0..count)
        .map(|_| {
            // Skewed: low numbers far more often, so some addresses repeat a lot.
            let a = next(300).min(next(300));
            NewBan {
                ip: format!("45.3.{}.{}", a / 100, a % 100),
                jail: ["sshd", "postfix"][next(2) as usize].to_owned(),
                banned_at: START + next(20 * 86_400) as i64,
                ban_time: 600,
                ban_count: 1,
                origin: Origin::Fail2ban,
                source_id: None,
                country_code: None,
                host_id: archive::LOCAL_HOST_ID,
            }
        })
        .collect()
}

/// The offenders by brute force: address to its bans in `since..until`.
fn counted(bans: &[NewBan], since: i64, until: i64) -> HashMap<String, i64> {
    let mut out = HashMap::new();
    for ban in bans
        .iter()
        .filter(|b| (since..until).contains(&b.banned_at))
    {
        *out.entry(ban.ip.clone()).or_default() += 1;
    }
    out
}

fn pairs(body: &Value, field: &str) -> Vec<(String, i64)> {
    body["data"]["dashboard"][field]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .iter()
        .map(|o| {
            (
                o["ip"].as_str().unwrap().to_owned(),
                o["count"].as_i64().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn repeat_offenders_match_a_count_of_the_bans() {
    for test_db in TestDb::all().await {
        let backend = test_db.backend;
        let app = TestApp::spawn_on(test_db).await;
        let admin = app.admin().await;
        let state = app.running.as_ref().unwrap().state.clone();
        let all = bans(3_000);
        archive::record_bans(&state.db, &all).await.unwrap();
        let stored = bangui_core::archive::count_by_jail_and_origin(&state.db)
            .await
            .unwrap()
            .iter()
            .map(|c| c.2)
            .sum::<i64>();
        // The archive keeps a ban once per jail, address and time.
        let mut unique: Vec<NewBan> = Vec::new();
        for ban in &all {
            if !unique
                .iter()
                .any(|u| u.ip == ban.ip && u.jail == ban.jail && u.banned_at == ban.banned_at)
            {
                unique.push(ban.clone());
            }
        }
        assert_eq!(stored, unique.len() as i64, "{backend}");

        for (since, until, min) in [
            (None, None, 16),
            (Some(START + 5 * 86_400), Some(START + 12 * 86_400), 7),
        ] {
            let want = counted(
                &unique,
                since.unwrap_or(i64::MIN),
                until.unwrap_or(i64::MAX),
            );
            let mut offenders: Vec<(String, i64)> = want
                .iter()
                .filter(|(_, n)| **n >= min)
                .map(|(ip, n)| (ip.clone(), *n))
                .collect();
            offenders.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            assert!(
                offenders.len() > 15 && offenders.len() < 100,
                "{backend}: {}",
                offenders.len()
            );
            let range = json!({
                "s": since.map(|s| bangui_core::time::to_datetime(s).to_rfc3339()),
                "u": until.map(|u| bangui_core::time::to_datetime(u).to_rfc3339()),
                "m": min,
            });
            let query = "query($s: DateTime, $u: DateTime, $m: Int) { dashboard(since: $s, until: $u) { all: repeatOffenders(minBans: $m, limit: 100) { ip count } some: repeatOffenders(minBans: $m, limit: 15) { ip count } } }";
            let body = app.gql(&admin, query, range).await;
            // Every offender, most first.
            let mut got = pairs(&body, "all");
            let counts: Vec<i64> = got.iter().map(|p| p.1).collect();
            assert!(
                counts.windows(2).all(|w| w[0] >= w[1]),
                "{backend}: {counts:?}"
            );
            got.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            assert_eq!(got, offenders, "{backend}, since {since:?}");
            // Fifteen of them: none left out has more bans than one taken.
            let some = pairs(&body, "some");
            assert_eq!(some.len(), 15, "{backend}");
            let least = some.iter().map(|p| p.1).min().unwrap();
            for (ip, n) in &offenders {
                if !some.iter().any(|p| &p.0 == ip) {
                    assert!(*n <= least, "{backend}: {ip} has {n}, more than {least}");
                }
                if let Some(taken) = some.iter().find(|p| &p.0 == ip) {
                    assert_eq!(taken.1, *n, "{backend}: {ip}");
                }
            }
        }
        let refused = app
            .gql(
                &admin,
                "{ dashboard { repeatOffenders(minBans: 1) { ip } } }",
                json!({}),
            )
            .await;
        assert_eq!(code(&refused), "BAD_USER_INPUT", "{refused}");
        assert_eq!(
            refused["errors"][0]["message"],
            "minBans must be 2 or more: an address banned once repeats nothing"
        );
        app.stop().await;
    }
}
