//! Geolocation end to end: a database generated here, both cache tiers, the
//! HTTP fallback against a local server speaking ip-api's batch format, and the
//! archive's countries corrected after the database changes.

#![expect(clippy::unwrap_used, reason = "test set-up fails loudly")]

use std::net::IpAddr;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Json;
use axum::http::HeaderMap;
use axum::routing::post;
use bangui_core::archive::{self, NewBan, Origin};
use bangui_core::geo::mmdb_writer::{MmdbValue, MmdbWriter};
use bangui_core::geo::{Geo, IpApi, MmdbResolver, enrich};
use entity::{ban_history, geo_cache};
use sea_orm::{DatabaseConnection, EntityTrait};
use serde_json::{Value, json};

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

fn write_db(path: &Path, entries: &[(&str, &str)]) {
    let mut w = MmdbWriter::new("GeoLite2-Country");
    for (net, code) in entries {
        w.insert_str(net, &MmdbValue::geoip2_country(code, code));
    }
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, w.finish()).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

async fn database(dir: &Path) -> DatabaseConnection {
    let db = bangui_core::db::connect(&format!("sqlite://{}/g.db", dir.display()))
        .await
        .unwrap();
    bangui_core::db::migrate(&db).await.unwrap();
    db
}

#[tokio::test]
async fn resolves_in_batches_and_persists_answers() {
    let dir = tempfile::tempdir().unwrap();
    let mmdb = dir.path().join("c.mmdb");
    write_db(&mmdb, &[("81.2.69.0/24", "GB"), ("2a02:cf40::/32", "DE")]);
    let db = database(dir.path()).await;
    let geo = Geo::new(MmdbResolver::open(&mmdb), None, db.clone());
    let found = geo
        .countries(&[
            ip("81.2.69.1"),
            ip("2a02:cf40::9"),
            ip("8.8.8.8"),
            ip("192.168.1.1"),
        ])
        .await;
    assert_eq!(found[&ip("81.2.69.1")], Some("GB".to_owned()));
    assert_eq!(found[&ip("2a02:cf40::9")], Some("DE".to_owned()));
    assert_eq!(found[&ip("8.8.8.8")], None);
    assert_eq!(found[&ip("192.168.1.1")], None);

    // The MMDB answers in microseconds: nothing of it is cached or stored, and
    // without a fallback "unknown" stays in memory only.
    assert_eq!(geo.flush().await.unwrap(), (0, 0));
    assert!(geo_cache::Entity::find().all(&db).await.unwrap().is_empty());
}

/// A local server with ip-api's batch format: 198.51.x is "reserved range",
/// 9.9.9.9 is in Switzerland, anything else fails; after `limit` requests it
/// answers 429.
async fn fake_ip_api(limit: usize) -> (String, Arc<AtomicUsize>) {
    let calls = Arc::new(AtomicUsize::new(0));
    let seen = calls.clone();
    let app = axum::Router::new().route(
        "/batch",
        post(move |Json(ips): Json<Vec<String>>| {
            let seen = seen.clone();
            async move {
                let n = seen.fetch_add(1, Ordering::SeqCst) + 1;
                let mut headers = HeaderMap::new();
                headers.insert("x-ttl", "30".parse().unwrap());
                headers.insert(
                    "x-rl",
                    (limit.saturating_sub(n)).to_string().parse().unwrap(),
                );
                if n > limit {
                    return (
                        axum::http::StatusCode::TOO_MANY_REQUESTS,
                        headers,
                        Json(json!([])),
                    );
                }
                let answers: Vec<Value> = ips
                    .iter()
                    .map(|q| match q.as_str() {
                        "9.9.9.9" => {
                            json!({ "status": "success", "countryCode": "CH", "query": q })
                        }
                        q if q.starts_with("100.") => {
                            json!({ "status": "fail", "message": "reserved range", "query": q })
                        }
                        q => json!({ "status": "fail", "message": "timeout", "query": q }),
                    })
                    .collect();
                (
                    axum::http::StatusCode::OK,
                    headers,
                    Json(Value::Array(answers)),
                )
            }
        }),
    );
    (
        bangui_test_support::lists::serve(app).await + "/batch",
        calls,
    )
}

#[tokio::test]
async fn the_http_fallback_fills_gaps_and_respects_its_rate_limit() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path()).await;
    let (url, calls) = fake_ip_api(1).await;
    let geo = Geo::new(
        MmdbResolver::open(dir.path().join("none.mmdb")),
        Some(IpApi::new(&url)),
        db.clone(),
    );
    let found = geo.countries(&[ip("9.9.9.9"), ip("8.8.4.4")]).await;
    assert_eq!(found[&ip("9.9.9.9")], Some("CH".to_owned()));
    assert_eq!(found[&ip("8.8.4.4")], None);
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    // 9.9.9.9 is cached; 8.8.4.4 failed, so it is asked again, but X-Rl said
    // nothing is left: no request until X-Ttl has passed.
    let again = geo.countries(&[ip("9.9.9.9"), ip("8.8.4.4")]).await;
    assert_eq!(again[&ip("9.9.9.9")], Some("CH".to_owned()));
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    geo.flush().await.unwrap();
    let rows = geo_cache::Entity::find().all(&db).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].ip.as_str(), rows[0].source.as_str()),
        ("9.9.9.9", "http")
    );
}

#[tokio::test]
async fn batches_of_more_than_a_hundred_are_split() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path()).await;
    let (url, calls) = fake_ip_api(10).await;
    let geo = Geo::new(
        MmdbResolver::open(dir.path().join("none.mmdb")),
        Some(IpApi::new(&url)),
        db,
    );
    let ips: Vec<IpAddr> = (0..250u32)
        .map(|i| IpAddr::from([100, 64, (i / 200) as u8, (i % 200) as u8 + 1]))
        .collect();
    // 100.64/10 is shared address space: not public, so never sent anywhere.
    geo.countries(&ips).await;
    assert_eq!(calls.load(Ordering::SeqCst), 0);
    let public: Vec<IpAddr> = (0..250u32)
        .map(|i| IpAddr::from([9, 8, (i / 200) as u8, (i % 200) as u8 + 1]))
        .collect();
    geo.countries(&public).await;
    assert_eq!(calls.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn archive_countries_follow_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let mmdb = dir.path().join("c.mmdb");
    write_db(&mmdb, &[("81.2.69.0/24", "GB")]);
    let db = database(dir.path()).await;
    let geo = Geo::new(MmdbResolver::open(&mmdb), None, db.clone());
    let ban = |ip: &str, at: i64, country: Option<&str>| NewBan {
        ip: ip.to_owned(),
        jail: "sshd".to_owned(),
        banned_at: at,
        ban_time: 600,
        ban_count: 1,
        origin: Origin::Fail2ban,
        source_id: None,
        host_id: bangui_core::archive::LOCAL_HOST_ID,
        country_code: country.map(str::to_owned),
    };
    archive::record_bans(
        &db,
        &[
            ban("81.2.69.5", 1, Some("GB")),
            ban("81.2.69.5", 2, Some("GB")),
            ban("9.9.9.9", 3, None),
        ],
    )
    .await
    .unwrap();
    // The database moves 81.2.69.0/24 to Ireland and learns 9.9.9.0/24.
    write_db(&mmdb, &[("81.2.69.0/24", "IE"), ("9.9.9.0/24", "CH")]);
    assert!(geo.resolver().reload_if_changed());
    let step = enrich::reresolve_step(&db, &geo, 2).await.unwrap();
    assert_eq!(
        step,
        enrich::Step {
            checked: 2,
            changed: 2
        }
    );
    let step = enrich::reresolve_step(&db, &geo, 2).await.unwrap();
    assert_eq!(
        step,
        enrich::Step {
            checked: 1,
            changed: 1
        }
    );
    let step = enrich::reresolve_step(&db, &geo, 2).await.unwrap();
    assert_eq!(step, enrich::Step::default());
    let mut rows: Vec<(String, Option<String>)> = ban_history::Entity::find()
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.ip, r.country_code))
        .collect();
    rows.sort();
    assert_eq!(
        rows,
        vec![
            ("81.2.69.5".to_owned(), Some("IE".to_owned())),
            ("81.2.69.5".to_owned(), Some("IE".to_owned())),
            ("9.9.9.9".to_owned(), Some("CH".to_owned())),
        ]
    );
}

#[tokio::test]
async fn autonomous_systems_come_from_converted_lists_and_geolite2_asn() {
    let dir = tempfile::tempdir().unwrap();
    let v4 = dir.path().join("asn-ipv4.csv");
    let v6 = dir.path().join("asn-ipv6.csv");
    std::fs::write(
        &v4,
        "1.0.0.0,1.0.0.255,13335,\"Cloudflare, Inc.\"\n\
         # a comment\n\
         \n\
         45.1.1.3,45.1.1.9,64500,Example Net\n\
         81.2.69.0,81.2.69.255,64501,\n",
    )
    .unwrap();
    std::fs::write(
        &v6,
        "2a01:4f8::,2a01:4f8:0:ffff:ffff:ffff:ffff:ffff,64502,\"Six \"\"Quoted\"\" Ltd\"\n",
    )
    .unwrap();
    let out = dir.path().join("asn.mmdb");
    let ranges = bangui_core::geo::asn::mmdb_from_lists(&[&v4, &v6], &out).unwrap();
    assert_eq!(ranges, 4);
    let resolver = MmdbResolver::open_asn(&out);
    let asn = |s: &str| resolver.asn(ip(s)).map(|a| (a.number, a.name));
    assert_eq!(
        asn("1.0.0.7"),
        Some((13335, Some("Cloudflare, Inc.".to_owned())))
    );
    // A range that is no CIDR network: its ends are in, their neighbours out.
    assert_eq!(
        asn("45.1.1.3"),
        Some((64500, Some("Example Net".to_owned())))
    );
    assert_eq!(
        asn("45.1.1.9"),
        Some((64500, Some("Example Net".to_owned())))
    );
    assert_eq!(asn("45.1.1.2"), None);
    assert_eq!(asn("45.1.1.10"), None);
    assert_eq!(asn("81.2.69.200"), Some((64501, None)));
    assert_eq!(
        asn("2a01:4f8::1:2"),
        Some((64502, Some("Six \"Quoted\" Ltd".to_owned())))
    );
    assert_eq!(asn("2a01:4f8:1::1"), None);
    // Private addresses are never looked up.
    assert_eq!(asn("10.0.0.1"), None);

    // A bad line names its file and line, and leaves no file behind.
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "1.0.0.0,1.0.0.255,13335,x\n1.0.1.0,1.0.0.0,1,y\n").unwrap();
    let err = bangui_core::geo::asn::mmdb_from_lists(&[&bad], &dir.path().join("no.mmdb"))
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        format!(
            "{}, line 2: the range is empty or mixes IPv4 and IPv6",
            bad.display()
        )
    );
    assert!(!dir.path().join("no.mmdb").exists());

    // GeoLite2-ASN's own records read the same, and a replaced file is reloaded.
    let mut w = MmdbWriter::new("GeoLite2-ASN");
    w.insert_str(
        "1.0.0.0/24",
        &MmdbValue::map([
            ("autonomous_system_number", MmdbValue::U32(64999)),
            ("autonomous_system_organization", MmdbValue::str("Other")),
        ]),
    );
    let tmp = out.with_extension("new");
    std::fs::write(&tmp, w.finish()).unwrap();
    std::fs::rename(&tmp, &out).unwrap();
    assert!(resolver.reload_if_changed());
    assert_eq!(asn("1.0.0.7"), Some((64999, Some("Other".to_owned()))));
    assert_eq!(asn("45.1.1.3"), None);
}
