//! Countries in the API: stored on archive rows, resolved through the loader.

use bangui_core::geo::mmdb_writer::{MmdbValue, MmdbWriter};
use bangui_test_support::Sandbox;
use serde_json::json;

use crate::helpers::{TestApp, TestDb};

#[tokio::test]
async fn bans_carry_their_country() {
    let dir = tempfile::tempdir().unwrap();
    let mmdb = dir.path().join("countries.mmdb");
    let mut w = MmdbWriter::new("GeoLite2-Country");
    w.insert_str(
        "81.2.69.0/24",
        &MmdbValue::geoip2_country("GB", "United Kingdom"),
    );
    w.insert_str("2a02:cf40::/32", &MmdbValue::flat_country("DE"));
    std::fs::write(&mmdb, w.finish()).unwrap();
    let path = mmdb.display().to_string();
    let app = TestApp::spawn_with(
        TestDb::sqlite(),
        Some(Sandbox::start().unwrap()),
        &[("BANGUI_GEOIP_DB", &path)],
    )
    .await;
    let admin = app.admin().await;
    let ban = "mutation($ips: [String!]!) { banIps(jail: \"sshd\", ips: $ips) { banned } }";
    let body = app
        .gql(
            &admin,
            ban,
            json!({ "ips": ["81.2.69.7", "2a02:cf40::5", "8.8.8.8"] }),
        )
        .await;
    assert_eq!(body["data"]["banIps"]["banned"], 3, "{body}");
    let archive = app
        .gql(
            &admin,
            "{ bans(filter: { jail: \"sshd\" }) { nodes { ip country { code name } } } }",
            json!({}),
        )
        .await;
    let mut nodes = archive["data"]["bans"]["nodes"].as_array().unwrap().clone();
    nodes.sort_by_key(|n| n["ip"].as_str().unwrap().to_owned());
    assert_eq!(
        nodes,
        vec![
            json!({ "ip": "2a02:cf40::5", "country": { "code": "DE", "name": "Germany" } }),
            json!({ "ip": "8.8.8.8", "country": null }),
            json!({ "ip": "81.2.69.7", "country": { "code": "GB", "name": "United Kingdom" } }),
        ]
    );
    let by_country = app
        .gql(
            &admin,
            "{ bans(filter: { country: \"gb\" }) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(by_country["data"]["bans"]["totalCount"], 1);
    // Live bans have no stored country: the loader resolves them.
    let live = app
        .gql(&admin, "{ bans(filter: { source: FAIL2BAN, ip: \"81.2.69.7\" }) { nodes { country { code } } } }", json!({}))
        .await;
    assert_eq!(
        live["data"]["bans"]["nodes"],
        json!([{ "country": { "code": "GB" } }])
    );
    app.stop().await;
}

#[tokio::test]
async fn an_address_shows_its_autonomous_system() {
    let dir = tempfile::tempdir().unwrap();
    let mmdb = dir.path().join("asn.mmdb");
    let mut w = MmdbWriter::new("GeoLite2-ASN");
    w.insert_str(
        "81.2.69.0/24",
        &MmdbValue::map([
            ("autonomous_system_number", MmdbValue::U32(64501)),
            (
                "autonomous_system_organization",
                MmdbValue::str("Example Net"),
            ),
        ]),
    );
    std::fs::write(&mmdb, w.finish()).unwrap();
    let path = mmdb.display().to_string();
    let app = TestApp::spawn_with(TestDb::sqlite(), None, &[("BANGUI_ASN_DB", &path)]).await;
    let admin = app.admin().await;
    let body = app
        .gql(
            &admin,
            r#"{ a: ipInfo(ip: "81.2.69.7") { asn { number name } }
                 n: ipInfo(ip: "81.2.69.0/25") { asn { number } }
                 u: ipInfo(ip: "8.8.8.8") { asn { number } } }"#,
            json!({}),
        )
        .await;
    let state = app.running.as_ref().unwrap().state.clone();
    let ban = |ip: &str, at: i64| bangui_core::archive::NewBan {
        ip: ip.to_owned(),
        jail: "sshd".to_owned(),
        banned_at: at,
        ban_time: 600,
        ban_count: 1,
        origin: bangui_core::archive::Origin::Manual,
        source_id: None,
        country_code: None,
        host_id: bangui_core::archive::LOCAL_HOST_ID,
    };
    bangui_core::archive::record_bans(
        &state.db,
        &[
            ban("81.2.69.9", 1_000),
            ban("81.2.69.128/25", 1_001),
            ban("8.8.4.4", 1_002),
        ],
    )
    .await
    .unwrap();
    let bans = app
        .gql(
            &admin,
            "{ bans(first: 5) { nodes { ip asn { number name } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        bans["data"]["bans"]["nodes"],
        json!([
            { "ip": "8.8.4.4", "asn": null },
            { "ip": "81.2.69.128/25", "asn": { "number": 64501, "name": "Example Net" } },
            { "ip": "81.2.69.9", "asn": { "number": 64501, "name": "Example Net" } },
        ]),
        "{bans}"
    );
    assert_eq!(
        body["data"],
        json!({
            "a": { "asn": { "number": 64501, "name": "Example Net" } },
            "n": { "asn": { "number": 64501 } },
            "u": { "asn": null },
        }),
        "{body}"
    );
    app.stop().await;
}
