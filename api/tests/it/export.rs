//! `GET /export/bans`: every archived ban of a range as CSV or NDJSON, the
//! same rows the API lists, for VIEWERs only, bad parameters refused.

use std::collections::BTreeSet;

use bangui_core::archive::{self, NewBan, Origin};
use bangui_core::geo::mmdb_writer::{MmdbValue, MmdbWriter};
use serde_json::{Value, json};

use crate::helpers::{TestApp, TestDb};

/// Bans a little more than two export pages hold, on two jails, over a day.
const BANS: usize = 4_321;
const START: i64 = 1_764_547_200; // 2025-12-01T00:00:00Z

fn bans() -> Vec<NewBan> {
    (0..BANS)
        .map(|i| NewBan {
            ip: format!("81.2.{}.{}", i / 250, 1 + i % 250),
            jail: if i % 3 == 0 {
                "sshd"
            } else {
                "nginx-http-auth"
            }
            .to_owned(),
            banned_at: START + (i as i64) * 20,
            ban_time: 600,
            ban_count: 1,
            origin: if i % 5 == 0 {
                Origin::Manual
            } else {
                Origin::Fail2ban
            },
            source_id: None,
            country_code: (i % 2 == 0).then(|| "GB".to_owned()),
            host_id: archive::LOCAL_HOST_ID,
        })
        .collect()
}

async fn get(app: &TestApp, token: Option<&str>, query: &str) -> reqwest::Response {
    let mut request = app.client.get(app.url(&format!("/export/bans{query}")));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.unwrap()
}

/// The ids, addresses and jails the API lists for `filter`.
async fn listed(app: &TestApp, token: &str, filter: Value) -> BTreeSet<(String, String, String)> {
    let mut out = BTreeSet::new();
    let mut after: Option<String> = None;
    loop {
        let page = app
            .gql(
                token,
                "query($f: BanFilter, $a: String) { bans(first: 500, after: $a, filter: $f) { edges { node { id ip jail } } pageInfo { hasNextPage endCursor } } }",
                json!({ "f": filter, "a": after }),
            )
            .await;
        let bans = &page["data"]["bans"];
        for edge in bans["edges"].as_array().unwrap_or_else(|| panic!("{page}")) {
            let node = &edge["node"];
            out.insert((
                node["id"].as_str().unwrap().to_owned(),
                node["ip"].as_str().unwrap().to_owned(),
                node["jail"].as_str().unwrap().to_owned(),
            ));
        }
        if bans["pageInfo"]["hasNextPage"] != true {
            return out;
        }
        after = bans["pageInfo"]["endCursor"].as_str().map(str::to_owned);
    }
}

#[tokio::test]
async fn exports_stream_the_rows_the_api_lists() {
    for test_db in TestDb::all().await {
        let dir = tempfile::tempdir().unwrap();
        let asn = dir.path().join("asn.mmdb");
        let mut w = MmdbWriter::new("GeoLite2-ASN");
        w.insert_str(
            "81.2.0.0/16",
            &MmdbValue::map([("autonomous_system_number", MmdbValue::U32(64501))]),
        );
        std::fs::write(&asn, w.finish()).unwrap();
        let asn_path = asn.display().to_string();
        let app = TestApp::spawn_with(test_db, None, &[("BANGUI_ASN_DB", &asn_path)]).await;
        let admin = app.admin().await;
        let state = app.running.as_ref().unwrap().state.clone();
        assert_eq!(
            archive::record_bans(&state.db, &bans()).await.unwrap(),
            BANS as u64
        );
        let host =
            app.gql(&admin, "{ hosts { name } }", json!({})).await["data"]["hosts"][0]["name"]
                .as_str()
                .unwrap()
                .to_owned();

        // Everything as CSV: the header, then one line per ban, as the API lists them.
        let csv = get(&app, Some(&admin), "").await;
        assert_eq!(csv.status(), 200);
        assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
        assert_eq!(
            csv.headers()["content-disposition"],
            "attachment; filename=\"bans.csv\""
        );
        let text = csv.text().await.unwrap();
        let mut lines = text.lines();
        assert_eq!(
            lines.next(),
            Some("id,ip,jail,host,banned_at,ban_time,origin,country,asn")
        );
        let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
        assert_eq!(rows.len(), BANS);
        assert_eq!(
            rows[0],
            [
                "1",
                "81.2.0.1",
                "sshd",
                host.as_str(),
                "2025-12-01T00:00:00Z",
                "600",
                "MANUAL",
                "GB",
                "64501"
            ]
        );
        assert_eq!(
            rows[1],
            [
                "2",
                "81.2.0.2",
                "nginx-http-auth",
                host.as_str(),
                "2025-12-01T00:00:20Z",
                "600",
                "FAIL2BAN",
                "",
                "64501"
            ]
        );
        let exported: BTreeSet<(String, String, String)> = rows
            .iter()
            .map(|r| (r[0].to_owned(), r[1].to_owned(), r[2].to_owned()))
            .collect();
        assert_eq!(exported, listed(&app, &admin, json!({})).await);

        // A range and a jail as NDJSON, read by a VIEWER.
        let viewer = app.user(&admin, "viewer", "VIEWER").await;
        let range =
            "?format=ndjson&jail=sshd&since=2025-12-01T06:00:00Z&until=2025-12-01T12:00:00Z&host=";
        let ndjson = get(&app, Some(&viewer), &format!("{range}{host}")).await;
        assert_eq!(ndjson.status(), 200);
        assert_eq!(ndjson.headers()["content-type"], "application/x-ndjson");
        let lines: Vec<Value> = ndjson
            .text()
            .await
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let filter = json!({ "jail": "sshd", "since": "2025-12-01T06:00:00Z", "until": "2025-12-01T12:00:00Z", "host": host });
        let want = listed(&app, &admin, filter).await;
        assert_eq!(lines.len(), want.len());
        assert_eq!(lines.len(), 360);
        assert_eq!(
            lines[0],
            json!({ "id": "1081", "ip": "81.2.4.81", "jail": "sshd", "host": host,
                    "banned_at": "2025-12-01T06:00:00Z", "ban_time": 600, "origin": "MANUAL",
                    "country": "GB", "asn": 64501 })
        );
        let got: BTreeSet<(String, String, String)> = lines
            .iter()
            .map(|l| {
                (
                    l["id"].as_str().unwrap().to_owned(),
                    l["ip"].as_str().unwrap().to_owned(),
                    l["jail"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert_eq!(got, want);

        // Refusals: no credential, a bad format, instant, jail or host.
        let error = |status: u16, code: &str, message: &str| {
            (status, json!({ "code": code, "error": message }))
        };
        let cases = [
            (
                None,
                "",
                error(
                    401,
                    "UNAUTHENTICATED",
                    "sign in, or send an API token (Authorization: Bearer)",
                ),
            ),
            (
                Some(&viewer),
                "?format=xml",
                error(
                    400,
                    "BAD_USER_INPUT",
                    "format is csv or ndjson, not \"xml\"",
                ),
            ),
            (
                Some(&viewer),
                "?since=yesterday",
                error(
                    400,
                    "BAD_USER_INPUT",
                    "since must be an RFC 3339 instant such as 2026-12-01T00:00:00Z",
                ),
            ),
            (
                Some(&viewer),
                "?host=nowhere",
                error(400, "BAD_USER_INPUT", "there is no host named \"nowhere\""),
            ),
        ];
        for (token, query, (status, body)) in cases {
            let response = get(&app, token.map(String::as_str), query).await;
            assert_eq!(response.status().as_u16(), status, "{query}");
            assert_eq!(response.json::<Value>().await.unwrap(), body, "{query}");
        }
        let jail = get(&app, Some(&viewer), "?jail=bad%20jail").await;
        assert_eq!(jail.status().as_u16(), 400);
        assert_eq!(
            jail.json::<Value>().await.unwrap()["code"],
            "BAD_USER_INPUT"
        );
        app.stop().await;
    }
}
