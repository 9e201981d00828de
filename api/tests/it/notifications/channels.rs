//! Each channel kind's request, retries, failures and the outbound policy.

use bangui_test_support::receiver::Receiver;
use hmac::{Hmac, Mac};
use serde_json::json;
use sha2::Sha256;

use super::{LOOPBACK, channel, settled, test_message};
use crate::helpers::{TestApp, TestDb, code};

fn hmac_hex(key: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).unwrap();
    mac.update(body);
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[tokio::test]
async fn every_channel_kind_gets_its_own_format_signed_and_retried_with_one_id() {
    let app = TestApp::spawn_with(TestDb::sqlite(), None, &LOOPBACK).await;
    let admin = app.admin().await;
    let receiver = Receiver::start().await;

    // A signed webhook; its secret is never shown.
    let hook = channel(
        &app,
        &admin,
        json!({ "name": "ops hook", "kind": "WEBHOOK", "target": receiver.url("/hook"), "secret": "s3cret" }),
    )
    .await;
    let listed = app
        .gql(
            &admin,
            "{ notificationChannels { name kind target enabled hasSecret } }",
            json!({}),
        )
        .await;
    assert_eq!(
        listed["data"]["notificationChannels"],
        json!([{ "name": "ops hook", "kind": "WEBHOOK", "target": receiver.url("/hook"), "enabled": true, "hasSecret": true }])
    );
    let delivery = test_message(&app, &admin, &hook).await;
    let done = settled(&app, &admin, &delivery).await;
    assert_eq!(
        (&done["status"], &done["attempts"], &done["error"]),
        (&json!("DELIVERED"), &json!(1), &json!(null)),
        "{done}"
    );
    let got = receiver.received();
    assert_eq!(got.len(), 1);
    let request = &got[0];
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("POST", "/hook")
    );
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.header("x-bangui-delivery"), Some(delivery.as_str()));
    assert_eq!(request.header("x-bangui-event"), Some("test"));
    assert_eq!(
        request.header("x-bangui-signature").map(str::to_owned),
        Some(format!("sha256={}", hmac_hex("s3cret", &request.body)))
    );
    let body = request.json();
    assert_eq!(
        body,
        json!({
            "event": "test",
            "at": body["at"],
            "title": "BanGUI test message",
            "text": "This is a test of the notification channel \"ops hook\".",
            "count": 1,
        })
    );
    assert!(
        chrono::DateTime::parse_from_rfc3339(body["at"].as_str().unwrap()).is_ok(),
        "{body}"
    );

    // Twice refused, then taken: three attempts with the same delivery id.
    receiver.answer(&[500, 503]);
    let retried = test_message(&app, &admin, &hook).await;
    let done = settled(&app, &admin, &retried).await;
    assert_eq!(
        (&done["status"], &done["attempts"]),
        (&json!("DELIVERED"), &json!(3)),
        "{done}"
    );
    let ids: Vec<Option<String>> = receiver.received()[1..]
        .iter()
        .map(|r| r.header("x-bangui-delivery").map(str::to_owned))
        .collect();
    assert_eq!(ids, vec![Some(retried.clone()); 3]);

    // Refused every time: FAILED after the third attempt, with the last error.
    receiver.answer(&[502, 502, 502]);
    let failed = test_message(&app, &admin, &hook).await;
    let done = settled(&app, &admin, &failed).await;
    assert_eq!(
        (&done["status"], &done["attempts"], &done["error"]),
        (
            &json!("FAILED"),
            &json!(3),
            &json!("the channel answered 502")
        ),
        "{done}"
    );
    assert_eq!(receiver.received().len(), 7);

    // Slack, Discord, ntfy and Gotify, each in its own format.
    let kinds = [
        (
            "slack",
            json!({ "name": "slack", "kind": "SLACK", "target": receiver.url("/slack") }),
        ),
        (
            "discord",
            json!({ "name": "discord", "kind": "DISCORD", "target": receiver.url("/discord") }),
        ),
        (
            "ntfy",
            json!({ "name": "ntfy", "kind": "NTFY", "target": receiver.url("/ntfy/bans"), "secret": "tk_ntfy" }),
        ),
        (
            "gotify",
            json!({ "name": "gotify", "kind": "GOTIFY", "target": receiver.url("/gotify"), "secret": "gotify-app" }),
        ),
    ];
    for (name, input) in kinds {
        let id = channel(&app, &admin, input).await;
        let delivery = test_message(&app, &admin, &id).await;
        let done = settled(&app, &admin, &delivery).await;
        assert_eq!(done["status"], "DELIVERED", "{name}: {done}");
    }
    let got = receiver.received();
    let text = "This is a test of the notification channel";
    let slack = &got[7];
    assert_eq!(
        (slack.method.as_str(), slack.path.as_str()),
        ("POST", "/slack")
    );
    assert_eq!(
        slack.json(),
        json!({ "text": format!("*BanGUI test message*\n{text} \"slack\".") })
    );
    let discord = &got[8];
    assert_eq!(discord.path, "/discord");
    assert_eq!(
        discord.json(),
        json!({ "content": format!("**BanGUI test message**\n{text} \"discord\".") })
    );
    let ntfy = &got[9];
    assert_eq!(ntfy.path, "/ntfy/bans");
    assert_eq!(ntfy.header("title"), Some("BanGUI test message"));
    assert_eq!(ntfy.header("tags"), Some("bangui,test"));
    assert_eq!(ntfy.header("authorization"), Some("Bearer tk_ntfy"));
    assert_eq!(ntfy.text(), format!("{text} \"ntfy\"."));
    let gotify = &got[10];
    assert_eq!(gotify.path, "/gotify/message");
    assert_eq!(gotify.header("x-gotify-key"), Some("gotify-app"));
    assert_eq!(
        gotify.json(),
        json!({ "title": "BanGUI test message", "message": format!("{text} \"gotify\"."), "priority": 5 })
    );
    assert_eq!(got.len(), 11);

    // A changed channel keeps its secret unless given a new one.
    let changed = app
        .gql(
            &admin,
            "mutation($id: ID!, $i: NotificationChannelInput!) { updateNotificationChannel(id: $id, input: $i) { name hasSecret enabled } }",
            json!({ "id": hook, "i": { "name": "ops", "kind": "WEBHOOK", "target": receiver.url("/hook"), "enabled": false } }),
        )
        .await;
    assert_eq!(
        changed["data"]["updateNotificationChannel"],
        json!({ "name": "ops", "hasSecret": true, "enabled": false })
    );
    let disabled = test_message(&app, &admin, &hook).await;
    let done = settled(&app, &admin, &disabled).await;
    assert_eq!(
        (&done["status"], &done["error"]),
        (&json!("FAILED"), &json!("the channel is disabled"))
    );
    assert_eq!(receiver.received().len(), 11);
    let page = app
        .gql(
            &admin,
            "{ deliveries(first: 2, status: FAILED) { totalCount nodes { id } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        page["data"]["deliveries"],
        json!({ "totalCount": 2, "nodes": [{ "id": disabled }, { "id": failed }] })
    );
    // A deleted channel takes its deliveries along.
    let deleted = app
        .gql(
            &admin,
            "mutation($id: ID!) { deleteNotificationChannel(id: $id) }",
            json!({ "id": hook }),
        )
        .await;
    assert_eq!(
        deleted["data"]["deleteNotificationChannel"], true,
        "{deleted}"
    );
    let left = app
        .gql(
            &admin,
            "{ deliveries(first: 20) { totalCount nodes { channel { name } } } }",
            json!({}),
        )
        .await;
    assert_eq!(left["data"]["deliveries"]["totalCount"], 4, "{left}");
    assert!(left["errors"].is_null(), "{left}");
    app.stop().await;
}

#[tokio::test]
async fn channel_urls_inside_the_network_are_refused_and_input_is_checked() {
    let fast = [
        ("BANGUI_NOTIFY_RETRY_BASE_SECS", "1"),
        ("BANGUI_NOTIFY_ATTEMPTS", "2"),
    ];
    let app = TestApp::spawn_with(TestDb::sqlite(), None, &fast).await;
    let admin = app.admin().await;
    let create =
        "mutation($i: NotificationChannelInput!) { createNotificationChannel(input: $i) { id } }";
    for target in [
        "http://127.0.0.1:9/hook",
        "http://10.0.0.5/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/hook",
    ] {
        let body = app
            .gql(
                &admin,
                create,
                json!({ "i": { "name": "x", "kind": "WEBHOOK", "target": target } }),
            )
            .await;
        assert_eq!(code(&body), "BAD_USER_INPUT", "{target}: {body}");
        let message = body["errors"][0]["message"].as_str().unwrap();
        assert!(
            message.ends_with(
                "notification channel URLs may not point there (BANGUI_NOTIFY_ALLOW_PRIVATE_URLS)"
            ),
            "{message}"
        );
    }
    for (input, expected) in [
        (
            json!({ "name": "x", "kind": "WEBHOOK", "target": "ftp://files.example/x" }),
            "only http and https URLs are allowed, not ftp",
        ),
        (
            json!({ "name": " ", "kind": "SLACK", "target": "https://hooks.slack.com/services/T/B/x" }),
            "a channel's name has 1 to 100 characters",
        ),
        (
            json!({ "name": "x", "kind": "WEBHOOK", "target": "https://user:pw@hooks.example/x" }),
            "put a channel's credentials in its secret, not in its URL",
        ),
    ] {
        let body = app.gql(&admin, create, json!({ "i": input })).await;
        assert_eq!(code(&body), "BAD_USER_INPUT", "{body}");
        assert_eq!(body["errors"][0]["message"], expected, "{body}");
    }
    // A name that resolves inside the network is refused when it connects.
    let local = app
        .gql(&admin, create, json!({ "i": { "name": "local", "kind": "WEBHOOK", "target": "http://localhost:9/hook" } }))
        .await;
    let id = local["data"]["createNotificationChannel"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let viewer = app.user(&admin, "viewer", "VIEWER").await;
    let denied = app
        .gql(&viewer, "{ notificationChannels { id } }", json!({}))
        .await;
    assert_eq!(code(&denied), "FORBIDDEN", "{denied}");
    let delivery = test_message(&app, &admin, &id).await;
    let done = settled(&app, &admin, &delivery).await;
    assert_eq!(done["status"], "FAILED", "{done}");
    let error = done["error"].as_str().unwrap();
    assert!(
        error.contains("BANGUI_NOTIFY_ALLOW_PRIVATE_URLS"),
        "{error}"
    );
    app.stop().await;
}

/// A network named in `BANGUI_NOTIFY_ALLOWED_NETWORKS` is reachable, and only
/// it: a redirect inside it is followed, a redirect out of it (to another
/// loopback address) is refused before anything connects there.
#[tokio::test]
async fn a_redirect_out_of_the_allowed_network_is_refused() {
    use axum::response::Redirect;
    use axum::routing::post;

    let outside = tokio::net::TcpListener::bind("127.0.0.2:0").await.unwrap();
    let outside_url = format!("http://{}/hook", outside.local_addr().unwrap());
    let receiver = Receiver::start().await;
    let inside_url = receiver.url("/hook");
    let app = axum::Router::new()
        .route(
            "/inside",
            post(move || async move { Redirect::temporary(&inside_url) }),
        )
        .route(
            "/outside",
            post(move || async move { Redirect::temporary(&outside_url) }),
        );
    let redirects = bangui_test_support::lists::serve(app).await;
    let settings = [
        ("BANGUI_NOTIFY_ALLOWED_NETWORKS", "127.0.0.1/32"),
        ("BANGUI_NOTIFY_RETRY_BASE_SECS", "1"),
        ("BANGUI_NOTIFY_ATTEMPTS", "2"),
    ];
    let app = TestApp::spawn_with(TestDb::sqlite(), None, &settings).await;
    let admin = app.admin().await;

    let refused = app
        .gql(
            &admin,
            "mutation($i: NotificationChannelInput!) { createNotificationChannel(input: $i) { id } }",
            json!({ "i": { "name": "x", "kind": "WEBHOOK", "target": "http://127.0.0.2:9/hook" } }),
        )
        .await;
    assert_eq!(code(&refused), "BAD_USER_INPUT", "{refused}");

    let inside = channel(
        &app,
        &admin,
        json!({ "name": "inside", "kind": "WEBHOOK", "target": format!("{redirects}/inside") }),
    )
    .await;
    let delivery = test_message(&app, &admin, &inside).await;
    let done = settled(&app, &admin, &delivery).await;
    assert_eq!(
        (&done["status"], &done["attempts"]),
        (&json!("DELIVERED"), &json!(1)),
        "{done}"
    );
    let received = receiver.received();
    assert_eq!(received.len(), 1);
    assert_eq!(
        (received[0].method.as_str(), received[0].path.as_str()),
        ("POST", "/hook")
    );
    assert_eq!(
        received[0].header("x-bangui-delivery"),
        Some(delivery.as_str())
    );

    let outside_channel = channel(
        &app,
        &admin,
        json!({ "name": "outside", "kind": "WEBHOOK", "target": format!("{redirects}/outside") }),
    )
    .await;
    let delivery = test_message(&app, &admin, &outside_channel).await;
    let done = settled(&app, &admin, &delivery).await;
    assert_eq!(
        (&done["status"], &done["attempts"]),
        (&json!("FAILED"), &json!(2)),
        "{done}"
    );
    let error = done["error"].as_str().unwrap();
    assert!(
        error.contains("127.0.0.2") && error.contains("BANGUI_NOTIFY_ALLOW_PRIVATE_URLS"),
        "{error}"
    );
    // Nothing ever connected to the address outside.
    let connected =
        tokio::time::timeout(std::time::Duration::from_millis(200), outside.accept()).await;
    assert!(connected.is_err(), "a connection reached 127.0.0.2");
    assert_eq!(receiver.received().len(), 1);
    app.stop().await;
}
