//! GraphQL over WebSocket (graphql-transport-ws) with BanGUI's rules: the Origin
//! is checked at the upgrade, `connection_init` must arrive within 10 s and carry
//! a valid token (or the session cookie), and the socket is closed when its
//! session expires or is revoked.
//!
//! Close codes: 4401 a subscribe before `connection_init`, or the session ended;
//! 4403 `connection_init` without a valid credential; 4408 no `connection_init`
//! in time; 1009 a message over 1 MiB.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_graphql::Data;
use async_graphql::http::{
    ALL_WEBSOCKET_PROTOCOLS, WebSocket as GqlWebSocket, WebSocketProtocols as Protocols, WsMessage,
};
use axum::Extension;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bangui_core::auth::Credential;
use futures::{SinkExt, StreamExt};
use tracing::debug;

use super::ws_rules::Ids;
use crate::graphql::BanguiSchema;
use crate::request::{self, RequestAuth};
use crate::state::AppState;

/// How long a client has to send `connection_init`.
const INIT_TIMEOUT: Duration = Duration::from_secs(10);
/// Longest time between two checks that the credential is still valid.
const RECHECK_EVERY: Duration = Duration::from_secs(60);
/// Read and write buffers per connection. GraphQL-over-WebSocket messages are
/// small; tungstenite's 128 KiB defaults would cost over 100 KiB per idle
/// subscriber.
const SOCKET_BUFFER: usize = 4 * 1024;
/// Largest message a client may send (a subscription document with variables).
const MAX_CLIENT_MESSAGE: usize = 1024 * 1024;

/// `GET /graphql/ws`: the WebSocket upgrade.
pub async fn websocket(
    Extension(schema): Extension<BanguiSchema>,
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    // Browsers always send Origin: a foreign one is cross-site WebSocket hijacking.
    if headers.contains_key(header::ORIGIN) && !request::origin_allowed(&state, &headers) {
        return (StatusCode::FORBIDDEN, "origin not allowed").into_response();
    }
    let offered = headers
        .get(header::SEC_WEBSOCKET_PROTOCOL)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let protocol = if offered.contains("graphql-transport-ws") || !offered.contains("graphql-ws") {
        Protocols::GraphQLWS
    } else {
        Protocols::SubscriptionsTransportWS
    };
    let cookie = request::cookie(&headers, request::COOKIE);
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    upgrade
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .read_buffer_size(SOCKET_BUFFER)
        .write_buffer_size(SOCKET_BUFFER)
        .max_message_size(MAX_CLIENT_MESSAGE)
        .max_frame_size(MAX_CLIENT_MESSAGE)
        .on_upgrade(move |socket| async move {
            let _open = state.sockets.token();
            let base = RequestAuth {
                credential: None,
                token: None,
                via_cookie: false,
                client_addr: peer.ip().to_string(),
                user_agent,
                secure: false,
            };
            serve(socket, schema, state, protocol, cookie, base).await;
        })
}

/// Longest close reason a close frame carries (125 bytes less the code).
const MAX_REASON: usize = 123;

async fn close(socket: &mut (impl SinkExt<Message> + Unpin), code: u16, reason: &str) {
    let (code, reason) = match code {
        // async-graphql's answer to a message it cannot read; the protocol's
        // code for it is 4400.
        1002 => (4400, format!("Invalid message: {reason}")),
        _ => (code, reason.to_owned()),
    };
    let _ = socket
        .send(Message::Close(Some(CloseFrame {
            code,
            reason: bangui_core::validate::clip(&reason, MAX_REASON).into(),
        })))
        .await;
}

/// What the client sent next.
enum Incoming {
    Text(String),
    /// The client closed the socket or went away.
    Gone,
    /// A message or frame over [`MAX_CLIENT_MESSAGE`].
    TooBig,
}

/// The next text (or binary) message.
async fn next_text(
    stream: &mut (impl futures::Stream<Item = Result<Message, axum::Error>> + Unpin),
) -> Incoming {
    while let Some(message) = stream.next().await {
        match message {
            Ok(Message::Text(text)) => return Incoming::Text(text.to_string()),
            Ok(Message::Binary(bytes)) => {
                return Incoming::Text(String::from_utf8_lossy(&bytes).into_owned());
            }
            Ok(Message::Close(_)) => return Incoming::Gone,
            Ok(_) => {}
            Err(e) => {
                let too_big = e
                    .into_inner()
                    .downcast::<tungstenite::Error>()
                    .is_ok_and(|e| matches!(*e, tungstenite::Error::Capacity(_)));
                return if too_big {
                    Incoming::TooBig
                } else {
                    Incoming::Gone
                };
            }
        }
    }
    Incoming::Gone
}

/// The close code and reason for a message over the size limit.
const TOO_BIG: (u16, &str) = (1009, "Message too big: at most 1 MiB");

async fn serve(
    socket: WebSocket,
    schema: BanguiSchema,
    state: AppState,
    protocol: Protocols,
    cookie: Option<String>,
    base: RequestAuth,
) {
    let (mut sink, mut stream) = socket.split();
    let (first, message) = match initial(&mut sink, &mut stream).await {
        Ok(init) => init,
        Err(Some((code, reason))) => return close(&mut sink, code, &reason).await,
        Err(None) => return,
    };
    let token = message
        .pointer("/payload/token")
        .and_then(|t| t.as_str())
        .map(str::to_owned)
        .or(cookie);
    let credential = match &token {
        Some(t) if t.len() <= 256 => state.sessions.authenticate(t).await.ok().flatten(),
        _ => None,
    };
    let (Some(credential), Some(token)) = (credential, token) else {
        return close(&mut sink, 4403, "Forbidden").await;
    };

    let mut data = Data::default();
    data.insert(credential.actor.clone());
    data.insert(credential.clone());
    data.insert(RequestAuth {
        credential: Some(credential.clone()),
        token: Some(token.clone()),
        ..base
    });
    // What ends the connection from the client's side, with the ids in use.
    let rules = Arc::new(Mutex::new(Rules::default()));
    let reader = rules.clone();
    let incoming = futures::stream::once(async move { first }).chain(futures::stream::unfold(
        stream,
        move |mut s| {
            let rules = reader.clone();
            async move {
                let ending = match next_text(&mut s).await {
                    Incoming::Text(text) => match lock(&rules).ids.client(&text) {
                        Ok(()) => return Some((text, s)),
                        Err(close) => Some(close),
                    },
                    Incoming::Gone => None,
                    Incoming::TooBig => Some((TOO_BIG.0, TOO_BIG.1.to_owned())),
                };
                lock(&rules).ending = ending;
                None
            }
        },
    ));
    let mut outgoing = Box::pin(
        GqlWebSocket::new(schema, Box::pin(incoming), protocol)
            .on_connection_init(move |_| async move { Ok(data) }),
    );

    let mut revocations = state.sessions.revocations();
    let mut current = credential;
    // One timer per connection, moved when the credential changes: messages
    // going out do not touch it.
    let recheck = tokio::time::sleep(recheck_delay(&current));
    tokio::pin!(recheck);
    loop {
        tokio::select! {
            message = outgoing.next() => match message {
                Some(WsMessage::Text(text)) => {
                    let Some(text) = lock(&rules).ids.server(text) else {
                        continue;
                    };
                    if sink.send(Message::Text(text.into())).await.is_err() {
                        return;
                    }
                }
                Some(WsMessage::Close(code, reason)) => return close(&mut sink, code, &reason).await,
                None => {
                    let ending = lock(&rules).ending.take();
                    if let Some((code, reason)) = ending {
                        close(&mut sink, code, &reason).await;
                    }
                    return;
                }
            },
            () = state.stopping.cancelled() => {
                return close(&mut sink, 1001, "Server shutting down").await;
            }
            revoked = revocations.recv() => {
                if let Ok(id) = revoked && Some(id) != current.session_id {
                    continue;
                }
                match state.sessions.authenticate(&token).await.ok().flatten() {
                    Some(fresh) => current = fresh,
                    None => return close(&mut sink, 4401, "Unauthorized: session ended").await,
                }
                recheck.as_mut().reset(tokio::time::Instant::now() + recheck_delay(&current));
            }
            () = &mut recheck => {
                match state.sessions.authenticate(&token).await.ok().flatten() {
                    Some(fresh) => current = fresh,
                    None => {
                        debug!(actor = %current.actor.name, "closing subscription: session ended");
                        return close(&mut sink, 4401, "Unauthorized: session ended").await;
                    }
                }
                recheck.as_mut().reset(tokio::time::Instant::now() + recheck_delay(&current));
            }
        }
    }
}

/// The connection's own bookkeeping, shared by its reading and writing sides.
#[derive(Default)]
struct Rules {
    ids: Ids,
    /// Why the client's side ended, when it is to be answered with a close.
    ending: Option<(u16, String)>,
}

fn lock(rules: &Mutex<Rules>) -> std::sync::MutexGuard<'_, Rules> {
    rules
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Reads up to `connection_init`, answering `ping` with `pong` meanwhile:
/// the init message's text and JSON, or the close to answer with (`None`:
/// the client went away).
async fn initial(
    sink: &mut (impl SinkExt<Message> + Unpin),
    stream: &mut (impl futures::Stream<Item = Result<Message, axum::Error>> + Unpin),
) -> Result<(String, serde_json::Value), Option<(u16, String)>> {
    let deadline = tokio::time::Instant::now() + INIT_TIMEOUT;
    loop {
        let text = match tokio::time::timeout_at(deadline, next_text(stream)).await {
            Err(_) => return Err(Some((4408, "Connection initialisation timeout".to_owned()))),
            Ok(Incoming::Gone) => return Err(None),
            Ok(Incoming::TooBig) => return Err(Some((TOO_BIG.0, TOO_BIG.1.to_owned()))),
            Ok(Incoming::Text(text)) => text,
        };
        let Ok(message) = serde_json::from_str::<serde_json::Value>(&text) else {
            return Err(Some((4400, "Invalid message: not JSON".to_owned())));
        };
        match message.get("type").and_then(|t| t.as_str()) {
            Some("connection_init") => return Ok((text, message)),
            Some("ping") => {
                let pong = serde_json::json!({ "type": "pong" }).to_string();
                if sink.send(Message::Text(pong.into())).await.is_err() {
                    return Err(None);
                }
            }
            Some("pong") => {}
            Some("subscribe") => return Err(Some((4401, "Unauthorized".to_owned()))),
            _ => {
                return Err(Some((
                    4400,
                    "Invalid message: not one of graphql-transport-ws".to_owned(),
                )));
            }
        }
    }
}

/// Until the credential's expiry (plus a second), at most [`RECHECK_EVERY`].
fn recheck_delay(credential: &Credential) -> Duration {
    let now = bangui_core::time::now();
    credential.expires_at.map_or(RECHECK_EVERY, |at| {
        let secs = u64::try_from(at.saturating_sub(now).max(0)).unwrap_or(0) + 1;
        Duration::from_secs(secs).min(RECHECK_EVERY)
    })
}
