//! A ban event feed that opens with the last events its filter selects
//! (`banEvents(last:)`), then goes on live.

use std::time::Duration;

use bangui_core::archive::{self, NewBan};
use serde_json::json;

use crate::archive::ban;
use crate::helpers::TestApp;
use crate::ws::{next, subscribe};

#[tokio::test]
async fn a_feed_opens_with_the_last_events_its_filter_selects() {
    let app = TestApp::spawn().await;
    let token = app.admin().await;
    let state = app.running.as_ref().unwrap().state.clone();
    // 30 bans; every third in postfix.
    let bans: Vec<NewBan> = (0..30)
        .map(|i| NewBan {
            jail: if i % 3 == 0 { "postfix" } else { "sshd" }.to_owned(),
            ..ban(&format!("192.0.2.{i}"), 1_000 + i)
        })
        .collect();
    archive::record_bans(&state.db, &bans).await.unwrap();
    let read = |socket| async move {
        let mut socket = socket;
        let mut seen = Vec::new();
        while let Ok(Ok(message)) = tokio::time::timeout(
            Duration::from_millis(700),
            next(&mut socket, Duration::from_secs(5)),
        )
        .await
        {
            seen.push(
                message["payload"]["data"]["banEvents"]["ip"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
            );
        }
        seen
    };
    let all = subscribe(
        &app,
        &token,
        "subscription { banEvents(last: 4) { ip } }",
        json!({}),
    )
    .await;
    assert_eq!(
        read(all).await,
        ["192.0.2.26", "192.0.2.27", "192.0.2.28", "192.0.2.29"]
    );
    let postfix = subscribe(
        &app,
        &token,
        "subscription { banEvents(last: 3, filter: { jails: [\"postfix\"] }) { ip } }",
        json!({}),
    )
    .await;
    assert_eq!(
        read(postfix).await,
        ["192.0.2.21", "192.0.2.24", "192.0.2.27"]
    );
    // Asking for more than there are gives them all; then live ones follow.
    let mut few = subscribe(
        &app,
        &token,
        "subscription { banEvents(last: 100, filter: { jails: [\"postfix\"] }) { ip } }",
        json!({}),
    )
    .await;
    for i in (0..30).step_by(3) {
        let message = next(&mut few, Duration::from_secs(5)).await.unwrap();
        assert_eq!(
            message["payload"]["data"]["banEvents"]["ip"],
            format!("192.0.2.{i}")
        );
    }
    archive::record_bans(
        &state.db,
        &[NewBan {
            jail: "postfix".to_owned(),
            ..ban("198.51.100.1", 5_000)
        }],
    )
    .await
    .unwrap();
    let live = next(&mut few, Duration::from_secs(10)).await.unwrap();
    assert_eq!(live["payload"]["data"]["banEvents"]["ip"], "198.51.100.1");

    for (query, message) in [
        (
            "subscription { banEvents(last: 0) { ip } }",
            "last is 1 to 100, not 0",
        ),
        (
            "subscription($a: String) { banEvents(last: 2, after: $a) { ip } }",
            "give `after` or `last`, not both",
        ),
    ] {
        let mut socket = subscribe(
            &app,
            &token,
            query,
            json!({ "a": bangui_core::pagination::encode("event", &2i64) }),
        )
        .await;
        let refused = next(&mut socket, Duration::from_secs(5)).await.unwrap();
        let first = &refused["payload"]["errors"][0];
        assert_eq!(first["message"], message, "{refused}");
        assert_eq!(first["extensions"]["code"], "BAD_USER_INPUT", "{refused}");
    }
    app.stop().await;
}

#[tokio::test]
async fn dashboard_deltas_tell_what_came_at_most_once_a_second() {
    let app = TestApp::spawn().await;
    let token = app.admin().await;
    let state = app.running.as_ref().unwrap().state.clone();
    let mut sshd = subscribe(
        &app,
        &token,
        "subscription { dashboardChanged(jail: \"sshd\") { at bans unbans byCountry { country { code } count uniqueIps } byJail { jail count } } }",
        json!({}),
    )
    .await;
    let mut every = subscribe(
        &app,
        &token,
        "subscription { dashboardChanged { bans unbans byJail { jail count } } }",
        json!({}),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let with = |ip: &str, jail: &str, at: i64, country: Option<&str>| NewBan {
        jail: jail.to_owned(),
        country_code: country.map(str::to_owned),
        ..ban(ip, at)
    };
    archive::record_bans(
        &state.db,
        &[
            with("81.2.69.1", "sshd", 1_000, Some("GB")),
            with("81.2.69.1", "sshd", 1_100, Some("GB")),
            with("81.2.69.2", "sshd", 1_200, Some("GB")),
            with("5.9.0.1", "sshd", 1_300, Some("DE")),
            with("5.9.0.2", "sshd", 1_400, None),
            with("5.9.0.3", "postfix", 1_500, Some("DE")),
        ],
    )
    .await
    .unwrap();
    let first = next(&mut sshd, Duration::from_secs(10)).await.unwrap();
    let delta = &first["payload"]["data"]["dashboardChanged"];
    assert_eq!(
        (
            &delta["bans"],
            &delta["unbans"],
            &delta["byCountry"],
            &delta["byJail"]
        ),
        (
            &json!(5),
            &json!(0),
            &json!([
                { "country": { "code": "GB" }, "count": 3, "uniqueIps": 2 },
                { "country": { "code": "DE" }, "count": 1, "uniqueIps": 1 },
            ]),
            &json!([{ "jail": "sshd", "count": 5 }]),
        ),
        "{first}"
    );
    let all = next(&mut every, Duration::from_secs(10)).await.unwrap();
    assert_eq!(
        all["payload"]["data"]["dashboardChanged"],
        json!({ "bans": 6, "unbans": 0, "byJail": [{ "jail": "sshd", "count": 5 }, { "jail": "postfix", "count": 1 }] }),
        "{all}"
    );

    // An unban right after: told in the next delta, a second after the first.
    archive::record_unban(
        &state.db,
        archive::LOCAL_HOST_ID,
        "sshd",
        "5.9.0.1",
        1_350,
        archive::Origin::Manual,
    )
    .await
    .unwrap();
    let second = next(&mut sshd, Duration::from_secs(10)).await.unwrap();
    let later = &second["payload"]["data"]["dashboardChanged"];
    assert_eq!(
        (&later["bans"], &later["unbans"], &later["byJail"]),
        (&json!(0), &json!(1), &json!([])),
        "{second}"
    );
    let at = |d: &serde_json::Value| {
        chrono::DateTime::parse_from_rfc3339(d["at"].as_str().unwrap()).unwrap()
    };
    assert!(
        at(later) - at(delta) >= chrono::Duration::milliseconds(1_000),
        "{first} {second}"
    );
    app.stop().await;
}
