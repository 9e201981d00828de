//! `GET /agent/ws`: where `bangui agent`s connect. The agent token (bearer) is
//! checked before the upgrade, so a wrong or revoked one gets 401 and no
//! socket; an agent of a protocol version this hub cannot speak is told why
//! ([`HubMessage::Refused`], close code 4406), and its host shows the reason.
//!
//! While connected, the agent's bans are archived and acknowledged, its
//! answers handed to the requests waiting for them, and its fail2ban's early
//! unbans looked for as the local sync does.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bangui_agent::protocol::{self, AgentMessage, HubMessage};
use bangui_core::ServiceError;
use bangui_core::hosts::{AgentClient, AgentLink};
use bangui_core::jails::HostRef;
use futures::{SinkExt, StreamExt};
use tracing::{debug, info, warn};

use crate::state::AppState;

/// How long an agent has to say hello.
const HELLO_WITHIN: Duration = Duration::from_secs(10);
/// How often the hub pings the agent.
const PING_EVERY: Duration = Duration::from_secs(20);
/// An agent not heard from for this long is taken for gone.
const SILENT_FOR: Duration = Duration::from_secs(60);
/// Largest message an agent may send (a page of its current bans).
const MAX_AGENT_MESSAGE: usize = 32 * 1024 * 1024;

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

/// The upgrade, for a known agent token only.
pub async fn websocket(
    State(state): State<AppState>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    let Some(token) = bearer(&headers).filter(|t| t.len() <= 256) else {
        return (StatusCode::UNAUTHORIZED, "an agent token is required").into_response();
    };
    let host = match state.hosts.authenticate(token).await {
        Ok(host) => host,
        Err(ServiceError::Unauthenticated(reason)) => {
            warn!(reason = %reason, "agent refused");
            return (StatusCode::UNAUTHORIZED, reason).into_response();
        }
        Err(e) => {
            warn!(error = %e.chain(), "agent token could not be checked");
            return (StatusCode::SERVICE_UNAVAILABLE, e.public_message()).into_response();
        }
    };
    upgrade
        .max_message_size(MAX_AGENT_MESSAGE)
        .max_frame_size(MAX_AGENT_MESSAGE)
        .on_upgrade(move |socket| async move {
            let _open = state.sockets.token();
            serve(socket, state, host).await;
        })
}

fn text(message: &HubMessage) -> Message {
    Message::Text(serde_json::to_string(message).unwrap_or_default().into())
}

async fn close(socket: &mut (impl SinkExt<Message> + Unpin), code: u16, reason: &str) {
    let _ = socket
        .send(Message::Close(Some(CloseFrame {
            code,
            reason: bangui_core::validate::clip(reason, 123).into(),
        })))
        .await;
}

/// The agent's hello, or nothing when it sent none in time.
async fn hello(
    stream: &mut (impl futures::Stream<Item = Result<Message, axum::Error>> + Unpin),
) -> Option<(u32, String, Option<String>)> {
    let wait = async {
        while let Some(Ok(message)) = stream.next().await {
            if let Message::Text(body) = message {
                return match serde_json::from_str::<AgentMessage>(&body) {
                    Ok(AgentMessage::Hello {
                        protocol,
                        agent_version,
                        fail2ban_version,
                    }) => Some((protocol, agent_version, fail2ban_version)),
                    // A newer agent's hello this build cannot read in full
                    // still says which version it speaks.
                    _ => serde_json::from_str::<serde_json::Value>(&body)
                        .ok()
                        .filter(|v| v.get("type").and_then(|t| t.as_str()) == Some("hello"))
                        .and_then(|v| {
                            let protocol = u32::try_from(v.get("protocol")?.as_u64()?).ok()?;
                            let agent = v.get("agent_version")?.as_str()?.to_owned();
                            Some((protocol, agent, None))
                        }),
                };
            }
        }
        None
    };
    tokio::time::timeout(HELLO_WITHIN, wait)
        .await
        .ok()
        .flatten()
}

async fn serve(socket: WebSocket, state: AppState, host: HostRef) {
    let (mut sink, mut stream) = socket.split();
    let Some((version, agent_version, fail2ban_version)) = hello(&mut stream).await else {
        warn!(host = %host.name, "agent sent no hello");
        return close(&mut sink, 4400, "expected a hello").await;
    };
    let hosts = &state.hosts;
    if let Err(reason) = protocol::accepts(version) {
        warn!(host = %host.name, protocol = version, agent_version = %agent_version, reason = %reason, "agent refused");
        let _ = hosts
            .record_hello(
                &host,
                &agent_version,
                fail2ban_version.as_deref(),
                Some(&reason),
            )
            .await;
        let _ = sink
            .send(text(&HubMessage::Refused {
                reason: reason.clone(),
            }))
            .await;
        return close(&mut sink, protocol::CLOSE_INCOMPATIBLE, &reason).await;
    }
    if let Err(e) = hosts
        .record_hello(&host, &agent_version, fail2ban_version.as_deref(), None)
        .await
    {
        warn!(host = %host.name, error = %e.chain(), "agent's hello could not be recorded");
        return close(&mut sink, 1011, "the hub cannot record the agent").await;
    }
    let welcome = HubMessage::Welcome {
        protocol: protocol::PROTOCOL_VERSION,
        host: host.name.clone(),
    };
    if sink.send(text(&welcome)).await.is_err() {
        return;
    }
    let (link, mut outgoing) = AgentLink::new(host.clone());
    hosts.attach(link.clone()).await;
    info!(host = %host.name, agent_version = %agent_version, fail2ban_version = ?fail2ban_version, "agent connected");

    let reads = AgentClient::new(
        hosts.registry().clone(),
        None,
        host.clone(),
        state.config.fail2ban_timeout,
    );
    let ending = session(
        &state,
        &host,
        &link,
        &reads,
        &mut sink,
        &mut stream,
        &mut outgoing,
    )
    .await;
    hosts.detach(&link).await;
    hosts.seen(&host);
    if let Some((code, reason)) = ending {
        close(&mut sink, code, reason).await;
    }
    info!(host = %host.name, "agent disconnected");
}

/// Runs a welcomed connection until it ends; the close to send, if any.
async fn session(
    state: &AppState,
    host: &HostRef,
    link: &Arc<AgentLink>,
    reads: &AgentClient,
    sink: &mut (impl SinkExt<Message> + Unpin),
    stream: &mut (impl futures::Stream<Item = Result<Message, axum::Error>> + Unpin),
    outgoing: &mut tokio::sync::mpsc::Receiver<HubMessage>,
) -> Option<(u16, &'static str)> {
    let hosts = &state.hosts;
    let mut heard = Instant::now();
    let mut ping = tokio::time::interval(PING_EVERY);
    let mut unbans = tokio::time::interval(state.config.sync_interval);
    // Early unbans are looked for in a task of their own: their requests are
    // answered through this loop.
    let mut looking: Option<tokio::task::JoinHandle<()>> = None;
    let ending = loop {
        tokio::select! {
            message = stream.next() => {
                let Some(Ok(message)) = message else { break None };
                heard = Instant::now();
                let body = match message {
                    Message::Text(body) => body.to_string(),
                    Message::Close(_) => break None,
                    _ => continue,
                };
                match serde_json::from_str::<AgentMessage>(&body) {
                    Ok(AgentMessage::Reply { id, result }) => link.settle(id, result),
                    Ok(AgentMessage::Bans { bans }) => {
                        let Some(upto) = bans.iter().map(|b| b.seq).max() else { continue };
                        match hosts.ingest(host, &bans).await {
                            Ok(()) => {
                                debug!(host = %host.name, received = bans.len(), upto, "agent bans archived");
                                if sink.send(text(&HubMessage::Ack { upto })).await.is_err() {
                                    break None;
                                }
                            }
                            Err(e) => {
                                // Not acknowledged: the agent sends them again
                                // on its next connection.
                                warn!(host = %host.name, error = %e.chain(), "agent bans could not be archived");
                                break Some((1011, "the hub could not archive the bans"));
                            }
                        }
                    }
                    Ok(AgentMessage::Status { fail2ban_version }) => {
                        info!(host = %host.name, fail2ban_version = ?fail2ban_version, "agent's fail2ban changed");
                        let _ = hosts
                            .record_fail2ban_version(host, fail2ban_version.as_deref())
                            .await;
                    }
                    Ok(AgentMessage::Hello { .. }) => {}
                    Err(e) => warn!(host = %host.name, error = %e, "agent message could not be read"),
                }
            }
            Some(message) = outgoing.recv() => {
                if sink.send(text(&message)).await.is_err() {
                    break None;
                }
            }
            _ = ping.tick() => {
                if heard.elapsed() > SILENT_FOR {
                    warn!(host = %host.name, "agent silent; closing");
                    break Some((1001, "agent silent"));
                }
                if sink.send(Message::Ping(Vec::new().into())).await.is_err() {
                    break None;
                }
                hosts.seen(host);
            }
            _ = unbans.tick() => {
                if looking.as_ref().is_none_or(tokio::task::JoinHandle::is_finished) {
                    looking = Some(tokio::spawn(look_for_unbans(state.clone(), host.id, reads.clone())));
                }
            }
            () = link.closed().cancelled() => break Some((4401, "agent token revoked or replaced")),
            () = state.stopping.cancelled() => break Some((1001, "Server shutting down")),
        }
    };
    if let Some(task) = looking {
        task.abort();
    }
    ending
}

async fn look_for_unbans(state: AppState, host_id: i64, reads: AgentClient) {
    let now = bangui_core::time::now();
    match bangui_core::sync::sync_unbans(&state.db, &reads, host_id, now).await {
        Ok(0) => {}
        Ok(ended) => {
            info!(host_id, ended, "agent host's unbans archived");
            state.fail2ban.wake();
        }
        Err(e) => warn!(host_id, error = %e.chain(), "agent host's unbans could not be looked for"),
    }
}
