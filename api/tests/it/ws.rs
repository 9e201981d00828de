//! GraphQL over WebSocket: authentication in connection_init, close codes, the
//! Origin check, and subscriptions cut when their session ends.

use std::time::Duration;

use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::{Error as WsError, Message};

use crate::helpers::{TestApp, TestDb};

pub type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

pub async fn open(app: &TestApp, origin: Option<&str>) -> Result<Socket, WsError> {
    let mut request = format!("ws://{}/graphql/ws", app.addr)
        .into_client_request()
        .unwrap();
    request.headers_mut().insert(
        "sec-websocket-protocol",
        "graphql-transport-ws".parse().unwrap(),
    );
    if let Some(origin) = origin {
        request
            .headers_mut()
            .insert("origin", origin.parse().unwrap());
    }
    tokio_tungstenite::connect_async(request)
        .await
        .map(|(socket, _)| socket)
}

pub async fn send(socket: &mut Socket, message: Value) {
    socket
        .send(Message::Text(message.to_string().into()))
        .await
        .unwrap();
}

/// The next text message as JSON, or the close code.
pub async fn next(socket: &mut Socket, within: Duration) -> Result<Value, u16> {
    loop {
        let message = tokio::time::timeout(within, socket.next())
            .await
            .expect("a message in time")
            .expect("socket open")
            .expect("valid frame");
        match message {
            Message::Text(text) => return Ok(serde_json::from_str(&text).unwrap()),
            Message::Close(Some(frame)) => return Err(u16::from(frame.code)),
            Message::Close(None) => return Err(u16::from(CloseCode::Status)),
            _ => {}
        }
    }
}

/// A socket signed in with `token` and subscribed (id "1") to `query`.
pub async fn subscribe(app: &TestApp, token: &str, query: &str, variables: Value) -> Socket {
    let mut socket = open(app, None).await.unwrap();
    send(
        &mut socket,
        json!({ "type": "connection_init", "payload": { "token": token } }),
    )
    .await;
    assert_eq!(
        next(&mut socket, Duration::from_secs(5)).await,
        Ok(json!({ "type": "connection_ack" }))
    );
    send(
        &mut socket,
        json!({ "id": "1", "type": "subscribe", "payload": { "query": query, "variables": variables } }),
    )
    .await;
    socket
}

async fn subscribed(app: &TestApp, token: &str) -> Socket {
    subscribe(
        app,
        token,
        "subscription { fail2banStatus { reachable } }",
        json!({}),
    )
    .await
}

#[tokio::test]
async fn a_valid_token_subscribes() {
    let app = TestApp::spawn().await;
    let token = app.admin().await;
    let mut socket = subscribed(&app, &token).await;
    assert_eq!(
        next(&mut socket, Duration::from_secs(5)).await,
        Ok(
            json!({ "id": "1", "type": "next", "payload": { "data": { "fail2banStatus": { "reachable": false } } } })
        )
    );
    app.stop().await;
}

#[tokio::test]
async fn a_forged_token_is_refused_with_4403() {
    let app = TestApp::spawn().await;
    app.admin().await;
    let mut socket = open(&app, None).await.unwrap();
    send(
        &mut socket,
        json!({ "type": "connection_init", "payload": { "token": "bgs_forged" } }),
    )
    .await;
    assert_eq!(next(&mut socket, Duration::from_secs(5)).await, Err(4403));
    app.stop().await;
}

#[tokio::test]
async fn subscribing_before_init_is_refused_with_4401() {
    let app = TestApp::spawn().await;
    let mut socket = open(&app, None).await.unwrap();
    send(&mut socket, json!({ "id": "1", "type": "subscribe", "payload": { "query": "subscription { fail2banStatus { reachable } }" } })).await;
    assert_eq!(next(&mut socket, Duration::from_secs(5)).await, Err(4401));
    app.stop().await;
}

#[tokio::test]
async fn silence_after_connecting_is_closed_with_4408() {
    let app = TestApp::spawn().await;
    let mut socket = open(&app, None).await.unwrap();
    assert_eq!(next(&mut socket, Duration::from_secs(12)).await, Err(4408));
    app.stop().await;
}

#[tokio::test]
async fn a_foreign_origin_cannot_open_a_socket() {
    let app = TestApp::spawn().await;
    let refused = open(&app, Some("https://evil.example")).await;
    match refused {
        Err(WsError::Http(response)) => assert_eq!(response.status(), 403),
        other => panic!("expected 403, got {other:?}"),
    }
    let own = format!("http://{}", app.addr);
    assert!(open(&app, Some(&own)).await.is_ok());
    app.stop().await;
}

#[tokio::test]
async fn logout_closes_the_subscription_at_once() {
    let app = TestApp::spawn().await;
    let token = app.admin().await;
    let mut socket = subscribed(&app, &token).await;
    assert!(next(&mut socket, Duration::from_secs(5)).await.is_ok());
    app.gql(&token, "mutation { logout }", json!({})).await;
    assert_eq!(next(&mut socket, Duration::from_secs(2)).await, Err(4401));
    app.stop().await;
}

#[tokio::test]
async fn an_expiring_session_ends_its_subscription() {
    let app = TestApp::spawn_with(
        TestDb::sqlite(),
        None,
        &[("BANGUI_SESSION_IDLE_TIMEOUT_SECS", "2")],
    )
    .await;
    let token = app.admin().await;
    let mut socket = subscribed(&app, &token).await;
    assert!(next(&mut socket, Duration::from_secs(5)).await.is_ok());
    assert_eq!(next(&mut socket, Duration::from_secs(6)).await, Err(4401));
    app.stop().await;
}
