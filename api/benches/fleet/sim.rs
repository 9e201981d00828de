//! The simulated agents (the real protocol, a fake fail2ban that answers at
//! once) and the `banEvents` subscriber of the fleet benchmark.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use bangui_agent::protocol::{
    AgentMessage, Answer, DbRead, HubMessage, PROTOCOL_VERSION, QueuedBan, RemoteError, Request,
};
use bangui_fail2ban::Command as F2b;
use bangui_fail2ban::pickle::Value as Py;
use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::{AGENTS, BANS_PER_AGENT_SECOND, LOAD_SECS};

/// The fake fail2ban's answer: one jail, `sshd`, with a ban time of 600 s;
/// every ban new.
fn fake(request: &Request) -> Result<Answer, RemoteError> {
    let pair = |k: &str, v: Py| Py::Tuple(vec![Py::Str(k.to_owned()), v]);
    Ok(match request {
        Request::Fail2ban(F2b::Status) => Answer::Value(Py::List(vec![
            pair("Number of jail", Py::Int(1)),
            pair("Jail list", Py::Str("sshd".to_owned())),
        ])),
        Request::Fail2ban(F2b::Version) => Answer::Value(Py::Str("1.1.0".to_owned())),
        Request::Fail2ban(F2b::Get(_, _)) => Answer::Value(Py::Int(600)),
        Request::Fail2ban(F2b::Ban(_, targets)) => {
            Answer::Value(Py::Int(i64::try_from(targets.len()).unwrap_or(0)))
        }
        Request::Db(DbRead::BannedAmong { .. }) => Answer::Among(Vec::new()),
        Request::Db(DbRead::Changed) => Answer::Changed(false),
        Request::Db(DbRead::CountCurrent { .. }) => Answer::Counts(HashMap::new()),
        other => {
            return Err(RemoteError::Unknown(format!(
                "the fake fail2ban does not answer {other:?}"
            )));
        }
    })
}

/// What the simulated agents and the subscriber record.
#[derive(Default)]
pub(crate) struct Record {
    /// When each banned address was sent.
    pub(crate) sent: HashMap<String, Instant>,
    /// Batch sent → acknowledged.
    pub(crate) acked: Vec<Duration>,
    pub(crate) acked_bans: usize,
    /// Ban sent → event received by the subscriber.
    pub(crate) events: Vec<Duration>,
}

/// One simulated agent: hello, then a batch of bans every second, answering
/// the hub's requests from the fake fail2ban.
pub(crate) async fn agent(
    index: usize,
    ws_url: String,
    token: String,
    record: Arc<Mutex<Record>>,
    ready: mpsc::Sender<()>,
    stop_at: Arc<tokio::sync::OnceCell<Instant>>,
) -> anyhow::Result<()> {
    let mut request = ws_url.into_client_request()?;
    request.headers_mut().insert(
        http::header::AUTHORIZATION,
        format!("Bearer {token}").parse()?,
    );
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await?;
    let hello = AgentMessage::Hello {
        protocol: PROTOCOL_VERSION,
        agent_version: "bench".to_owned(),
        fail2ban_version: Some("1.1.0".to_owned()),
    };
    socket
        .send(Message::text(serde_json::to_string(&hello)?))
        .await?;
    match socket.next().await {
        Some(Ok(Message::Text(text))) if text.contains("welcome") => {}
        other => bail!("agent {index}: no welcome: {other:?}"),
    }
    ready.send(()).await?;
    let started = *stop_at.get().context("start")? - Duration::from_secs(LOAD_SECS);
    // Agents spread their batches over the second.
    let phase = Duration::from_millis((index as u64 * 1_000) / AGENTS as u64);
    let mut tick = tokio::time::interval_at((started + phase).into(), Duration::from_secs(1));
    let mut seq = 0i64;
    let mut in_flight: HashMap<i64, (Instant, usize)> = HashMap::new();
    let stop = *stop_at.get().context("stop")?;
    loop {
        tokio::select! {
            _ = tick.tick(), if Instant::now() < stop => {
                let now = bangui_core::time::now();
                let bans: Vec<QueuedBan> = (0..BANS_PER_AGENT_SECOND).map(|_| {
                    seq += 1;
                    let n = index * 1_000_000 + seq as usize;
                    QueuedBan {
                        seq,
                        jail: "sshd".to_owned(),
                        ip: format!("10.{}.{}.{}", n / 65_536 % 256, n / 256 % 256, n % 256),
                        time_of_ban: now,
                        ban_time: 600,
                        ban_count: 1,
                    }
                }).collect();
                let sent = Instant::now();
                {
                    let mut record = record.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                    for ban in &bans {
                        record.sent.insert(ban.ip.clone(), sent);
                    }
                }
                in_flight.insert(seq, (sent, bans.len()));
                let text = serde_json::to_string(&AgentMessage::Bans { bans })?;
                socket.send(Message::text(text)).await?;
            }
            message = socket.next() => {
                let Some(message) = message else { return Ok(()) };
                let Message::Text(text) = message? else { continue };
                match serde_json::from_str::<HubMessage>(&text)? {
                    HubMessage::Request { id, request, .. } => {
                        let reply = AgentMessage::Reply { id, result: fake(&request) };
                        socket.send(Message::text(serde_json::to_string(&reply)?)).await?;
                    }
                    HubMessage::Ack { upto } => {
                        let done: Vec<i64> = in_flight.keys().copied().filter(|s| *s <= upto).collect();
                        let mut record = record.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                        for s in done {
                            if let Some((sent, n)) = in_flight.remove(&s) {
                                record.acked.push(sent.elapsed());
                                record.acked_bans += n;
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

pub(crate) async fn subscriber(
    ws_url: String,
    token: String,
    record: Arc<Mutex<Record>>,
    ready: mpsc::Sender<()>,
) -> anyhow::Result<()> {
    let (mut socket, _) = tokio_tungstenite::connect_async(ws_url).await?;
    socket
        .send(Message::text(
            json!({ "type": "connection_init", "payload": { "token": token } }).to_string(),
        ))
        .await?;
    match socket.next().await {
        Some(Ok(Message::Text(text))) if text.contains("connection_ack") => {}
        other => bail!("no connection_ack: {other:?}"),
    }
    socket
        .send(Message::text(
            json!({ "id": "1", "type": "subscribe",
                    "payload": { "query": "subscription { banEvents { ip host } }" } })
            .to_string(),
        ))
        .await?;
    ready.send(()).await?;
    while let Some(message) = socket.next().await {
        if let Message::Text(text) = message? {
            let at = Instant::now();
            let value: Value = serde_json::from_str(&text)?;
            if let Some(ip) = value["payload"]["data"]["banEvents"]["ip"].as_str() {
                let mut record = record
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                if let Some(sent) = record.sent.get(ip).copied() {
                    record.events.push(at.duration_since(sent));
                }
            }
        }
    }
    Ok(())
}
