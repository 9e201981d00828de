//! What a hub refuses (wrong and rotated tokens, another protocol, bans no
//! fail2ban could hold) and how fast a command to a stopped agent fails.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

use super::{Agent, add_host, archived, connected, open_agent_socket, wait_connected};
use crate::helpers::{Sandbox, TestApp, code};

#[tokio::test]
async fn a_hub_refuses_what_it_must_and_fails_at_once_for_a_stopped_agent() {
    let app = TestApp::spawn_with_fail2ban().await;
    let admin = app.admin().await;
    let (alpha_box, beta_box) = (Sandbox::start().unwrap(), Sandbox::start().unwrap());
    let (alpha_id, alpha_token) = add_host(&app, &admin, "alpha").await;
    let (_, beta_token) = add_host(&app, &admin, "beta").await;
    let hub = app.url("");
    let _alpha = Agent::start(&hub, &alpha_token, &alpha_box);
    let mut beta = Agent::start(&hub, &beta_token, &beta_box);
    wait_connected(&app, &admin, "alpha", true).await;
    wait_connected(&app, &admin, "beta", true).await;

    // A host that does not exist, a write with a host name nobody has.
    let unknown = app
        .gql(
            &admin,
            r#"mutation { banIp(jail: "sshd", ip: "203.0.113.11", host: "gamma") { host } }"#,
            json!({}),
        )
        .await;
    assert_eq!(code(&unknown), "BAD_USER_INPUT", "{unknown}");

    // Wrong tokens get no socket; an agent of another protocol is refused
    // with a reason the host shows.
    assert_eq!(
        open_agent_socket(app.addr, "bgh_wrong").await.err(),
        Some(401)
    );
    assert_eq!(open_agent_socket(app.addr, &admin).await.err(), Some(401));
    let mut ws = open_agent_socket(app.addr, &beta_token).await.unwrap();
    ws.send(Message::Text(
        json!({ "type": "hello", "protocol": 99, "agent_version": "9.0.0", "fail2ban_version": null })
            .to_string()
            .into(),
    ))
    .await
    .unwrap();
    let refused = ws.next().await.unwrap().unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(refused.to_text().unwrap()).unwrap(),
        json!({ "type": "refused", "reason": "agent protocol 99 is not supported: this hub speaks 1 to 1; upgrade the hub" })
    );
    match ws.next().await.unwrap().unwrap() {
        Message::Close(Some(frame)) => assert_eq!(u16::from(frame.code), 4406),
        other => panic!("expected a close, got {other:?}"),
    }
    let shown = app
        .gql(
            &admin,
            r#"{ host(name: "beta") { connected refusal } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        shown["data"]["host"],
        json!({ "connected": true, "refusal": "agent protocol 99 is not supported: this hub speaks 1 to 1; upgrade the hub" })
    );

    // Bans no fail2ban could hold are left out; the rest are archived and
    // acknowledged.
    let (gamma_id, gamma_token) = add_host(&app, &admin, "gamma").await;
    let mut gamma = open_agent_socket(app.addr, &gamma_token).await.unwrap();
    let hello = json!({ "type": "hello", "protocol": 1, "agent_version": "0.1.0", "fail2ban_version": "1.1.0" });
    gamma
        .send(Message::Text(hello.to_string().into()))
        .await
        .unwrap();
    let welcome = gamma.next().await.unwrap().unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(welcome.to_text().unwrap()).unwrap(),
        json!({ "type": "welcome", "protocol": 1, "host": "gamma" })
    );
    let bans = json!({ "type": "bans", "bans": [
        { "seq": 1, "jail": "../../etc", "ip": "192.0.2.98", "time_of_ban": 1_000, "ban_time": 600, "ban_count": 1 },
        { "seq": 2, "jail": "sshd", "ip": "not-an-address", "time_of_ban": 1_000, "ban_time": 600, "ban_count": 1 },
        { "seq": 3, "jail": "sshd", "ip": "192.0.2.99", "time_of_ban": 1_000, "ban_time": 600, "ban_count": 1 },
    ] });
    gamma
        .send(Message::Text(bans.to_string().into()))
        .await
        .unwrap();
    // The hub may ask this agent something first (its look for early
    // unbans); the acknowledgement comes among the requests.
    let ack = loop {
        if let Message::Text(text) = gamma.next().await.unwrap().unwrap() {
            let message = serde_json::from_str::<Value>(&text).unwrap();
            if message["type"] != "request" {
                break message;
            }
        }
    };
    assert_eq!(ack, json!({ "type": "ack", "upto": 3 }));
    assert_eq!(
        archived(&app, &admin, "gamma").await,
        BTreeMap::from([("192.0.2.99".to_owned(), 1)])
    );
    gamma.close(None).await.unwrap();
    wait_connected(&app, &admin, "gamma", false).await;

    // A removed host's token stops working; its archived bans stay, under
    // its name, and it comes back with them when added again.
    let removed = app
        .gql(
            &admin,
            "mutation($id: ID!) { removeHost(id: $id) }",
            json!({ "id": gamma_id }),
        )
        .await;
    assert_eq!(removed["data"]["removeHost"], true, "{removed}");
    assert!(!connected(&app, &admin).await.contains_key("gamma"));
    assert_eq!(
        open_agent_socket(app.addr, &gamma_token).await.err(),
        Some(401)
    );
    assert_eq!(
        archived(&app, &admin, "gamma").await,
        BTreeMap::from([("192.0.2.99".to_owned(), 1)])
    );
    let (again, _) = add_host(&app, &admin, "gamma").await;
    assert_eq!(again, gamma_id);

    // A rotated token disconnects the agent, which the hub refuses from then on.
    let rotated = app
        .gql(
            &admin,
            "mutation($id: ID!) { rotateAgentToken(id: $id) { token host { name } } }",
            json!({ "id": alpha_id }),
        )
        .await;
    assert_eq!(rotated["data"]["rotateAgentToken"]["host"]["name"], "alpha");
    wait_connected(&app, &admin, "alpha", false).await;
    assert_eq!(
        open_agent_socket(app.addr, &alpha_token).await.err(),
        Some(401)
    );
    let to_alpha = app
        .gql(
            &admin,
            r#"mutation { unbanIp(ip: "203.0.113.10", host: "alpha") { jails } }"#,
            json!({}),
        )
        .await;
    assert_eq!(code(&to_alpha), "HOST_UNAVAILABLE", "{to_alpha}");

    // A command to a stopped agent fails at once.
    beta.kill();
    wait_connected(&app, &admin, "beta", false).await;
    let started = Instant::now();
    let to_beta = app
        .gql(
            &admin,
            r#"mutation { banIp(jail: "sshd", ip: "203.0.113.12", host: "beta") { host } }"#,
            json!({}),
        )
        .await;
    assert_eq!(code(&to_beta), "HOST_UNAVAILABLE", "{to_beta}");
    assert_eq!(
        to_beta["errors"][0]["message"],
        "host \"beta\" is not connected"
    );
    let reload_beta = app
        .gql(
            &admin,
            r#"mutation { reloadFail2ban(host: "beta") }"#,
            json!({}),
        )
        .await;
    assert_eq!(code(&reload_beta), "HOST_UNAVAILABLE", "{reload_beta}");
    let live_beta = app
        .gql(
            &admin,
            r#"{ bans(filter: { host: "beta", source: FAIL2BAN }) { totalCount } }"#,
            json!({}),
        )
        .await;
    assert_eq!(code(&live_beta), "HOST_UNAVAILABLE", "{live_beta}");
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    // Reads of every host leave the disconnected ones out; the local host's remain.
    let every = app.gql(&admin, "{ jails { host } }", json!({})).await;
    assert_eq!(
        every["data"]["jails"].as_array().unwrap().len(),
        3,
        "{every}"
    );
    app.stop().await;
}
