//! An agent killed while its fail2ban bans, and a hub restarted: every ban
//! archived once.

use std::time::Duration;

use serde_json::json;

use super::{
    Agent, FIRST, add_host, addresses, archive_holds_each_once, archived_rows, ban_in_fail2ban,
    free_port, wait_connected, wait_for,
};
use crate::helpers::{Sandbox, TestApp, TestDb};

#[tokio::test]
async fn no_ban_is_lost_or_doubled_when_the_agent_or_the_hub_stops() {
    let listen = format!("127.0.0.1:{}", free_port());
    let settings = [("BANGUI_LISTEN", listen.as_str())];
    let app = TestApp::spawn_with(TestDb::sqlite(), None, &settings).await;
    let admin = app.admin().await;
    let sandbox = Sandbox::start().unwrap();
    let (_, token) = add_host(&app, &admin, "alpha").await;
    let hub = app.url("");
    let mut agent = Agent::start(&hub, &token, &sandbox);
    wait_connected(&app, &admin, "alpha", true).await;

    // The agent is killed while its fail2ban bans.
    let first = addresses(0, FIRST);
    let mut banning = ban_in_fail2ban(&sandbox, &first);
    wait_for(
        "the first bans to arrive",
        Duration::from_secs(30),
        || async { !archived_rows(&app).await.is_empty() },
    )
    .await;
    agent.kill();
    let at_kill = archived_rows(&app).await.len();
    assert!(
        banning.try_wait().unwrap().is_none() && at_kill < FIRST,
        "fail2ban finished banning before the agent was killed ({at_kill} archived)"
    );
    banning.wait().unwrap();
    let while_down = addresses(FIRST, FIRST + 50);
    ban_in_fail2ban(&sandbox, &while_down).wait().unwrap();
    let before_restart = archived_rows(&app).await;
    assert!(
        while_down.iter().all(|ip| !before_restart.contains_key(ip)),
        "archived while the agent was down: {before_restart:?}"
    );
    agent.restart(&hub, &token, &sandbox);
    let mut all: Vec<String> = first.iter().chain(&while_down).cloned().collect();
    wait_for(
        "every ban after the agent's restart",
        Duration::from_secs(60),
        || archive_holds_each_once(&app, &all),
    )
    .await;

    // The hub stops while fail2ban bans, and comes back at the same address.
    let (db, _) = app.stop_keeping().await;
    let while_hub_down = addresses(FIRST + 50, FIRST + 100);
    ban_in_fail2ban(&sandbox, &while_hub_down).wait().unwrap();
    let app = TestApp::spawn_with(db, None, &settings).await;
    let admin = app
        .graphql(
            "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }",
            json!({ "u": "admin", "p": crate::helpers::PASSWORD }),
        )
        .await["data"]["login"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    all.extend(while_hub_down);
    wait_for(
        "every ban after the hub's restart",
        Duration::from_secs(90),
        || archive_holds_each_once(&app, &all),
    )
    .await;
    let archived = archived_rows(&app).await;
    assert_eq!(archived.len(), FIRST + 100);
    assert_eq!(archived.values().sum::<i64>(), (FIRST + 100) as i64);
    let total = app
        .gql(
            &admin,
            r#"{ bans(filter: { host: "alpha" }) { totalCount } }"#,
            json!({}),
        )
        .await;
    assert_eq!(total["data"]["bans"]["totalCount"], FIRST + 100);
    app.stop().await;
}
