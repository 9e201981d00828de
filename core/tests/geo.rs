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
