//! The agent: one connection to the hub at a time, opened again with backoff
//! and jitter whenever it ends, and a tail of fail2ban's database that feeds
//! the queue whether or not the hub is reachable.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bangui_fail2ban::cli::LocalCli;
use bangui_fail2ban::conf::LocalFiles;
use bangui_fail2ban::db::{Fail2banDb, Fail2banDbError};
use bangui_fail2ban::{Fail2ban, SocketClient};
use futures::{SinkExt, StreamExt};
use rand::Rng;
use tokio::sync::{Notify, mpsc};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::{self, Message};
use tracing::{debug, error, info, warn};

use crate::protocol::{AGENT_PATH, AgentMessage, HubMessage, PROTOCOL_VERSION, RemoteError};
use crate::queue::{Queue, QueueError};
use crate::runner::Runner;

/// What the agent needs to run.
#[derive(Clone)]
pub struct AgentConfig {
    /// The hub's address (`https://hub.example.org`, with its base path if any).
    pub hub_url: String,
    pub token: String,
    /// The queue's SQLite file.
    pub state: PathBuf,
    pub fail2ban_socket: PathBuf,
    pub fail2ban_db: PathBuf,
    /// fail2ban's configuration directory, which fail2ban-client reads.
    pub fail2ban_config_dir: PathBuf,
    pub fail2ban_timeout: Duration,
    /// How often fail2ban's database is read for new bans.
    pub poll: Duration,
}

impl std::fmt::Debug for AgentConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AgentConfig")
            .field("hub_url", &self.hub_url)
            .field("state", &self.state)
            .field("fail2ban_socket", &self.fail2ban_socket)
            .field("fail2ban_db", &self.fail2ban_db)
            .finish_non_exhaustive()
    }
}

/// Why the agent stopped or a connection ended.
#[derive(Debug, thiserror::Error)]
pub enum AgentError {
    #[error("the hub address {0:?} is not an http(s) or ws(s) URL")]
    HubUrl(String),
    #[error(transparent)]
    Queue(#[from] QueueError),
    #[error(transparent)]
    Fail2banDb(#[from] Fail2banDbError),
    #[error("the hub refused the agent token (HTTP {0}); check BANGUI_AGENT_TOKEN")]
    Rejected(u16),
    #[error("the hub refused the agent: {0}")]
    Refused(String),
    #[error("the connection to the hub failed: {0}")]
    Connection(#[from] tungstenite::Error),
    #[error("the hub broke the protocol: {0}")]
    Protocol(String),
}

/// Bans sent in one message.
const BATCH: u32 = 500;
/// fail2ban rows queued per read.
const TAIL_BATCH: u32 = 1_000;
/// How long the hub has to welcome the agent.
const WELCOME_WITHIN: Duration = Duration::from_secs(10);
/// The first and the longest wait between connection attempts.
const BACKOFF_FIRST: Duration = Duration::from_secs(1);
const BACKOFF_MAX: Duration = Duration::from_secs(60);
/// A connection that lasted this long starts the backoff over.
const STABLE: Duration = Duration::from_secs(30);
/// How often fail2ban's version is checked.
const STATUS_EVERY: Duration = Duration::from_secs(30);
/// A hub not heard from for this long is taken for gone (it pings every 20 s),
/// so that a silent network cut ends the connection too.
const HUB_SILENT: Duration = Duration::from_secs(60);

/// The hub's agent endpoint for its address.
pub fn endpoint(hub_url: &str) -> Result<String, AgentError> {
    let base = hub_url.trim_end_matches('/');
    let ws = if let Some(rest) = base.strip_prefix("https://") {
        format!("wss://{rest}")
    } else if let Some(rest) = base.strip_prefix("http://") {
        format!("ws://{rest}")
    } else if base.starts_with("wss://") || base.starts_with("ws://") {
        base.to_owned()
    } else {
        return Err(AgentError::HubUrl(hub_url.to_owned()));
    };
    Ok(format!("{ws}{AGENT_PATH}"))
}

/// Waits between connection attempts: doubling from [`BACKOFF_FIRST`] to
/// [`BACKOFF_MAX`], each wait drawn between half and all of it, so that agents
/// cut off together do not come back together.
struct Backoff {
    next: Duration,
}

impl Backoff {
    fn new() -> Backoff {
        Backoff {
            next: BACKOFF_FIRST,
        }
    }

    fn reset(&mut self) {
        self.next = BACKOFF_FIRST;
    }

    fn longest(&mut self) {
        self.next = BACKOFF_MAX;
    }

    fn wait(&mut self) -> Duration {
        let full = self.next;
        self.next = (self.next * 2).min(BACKOFF_MAX);
        full.mul_f64(rand::rng().random_range(0.5..=1.0))
    }
}

/// Runs the agent until `shutdown` completes.
pub async fn run(
    config: AgentConfig,
    shutdown: impl std::future::Future<Output = ()>,
) -> Result<(), AgentError> {
    let url = endpoint(&config.hub_url)?;
    let queue = Queue::open(&config.state).await?;
    let client = SocketClient::new(&config.fail2ban_socket, config.fail2ban_timeout);
    // One reader serves the tail and the hub's reads: the tail never asks
    // whether the database changed, which only the hub's requests do.
    let db = Fail2banDb::open(&config.fail2ban_db)?;
    let runner = Arc::new(Runner {
        client,
        db: db.clone(),
        cli: LocalCli::new(&config.fail2ban_config_dir, &config.fail2ban_socket),
        files: LocalFiles::new(&config.fail2ban_config_dir),
        seen: Mutex::default(),
    });
    let queued = Arc::new(Notify::new());
    let tail = tokio::spawn(tail(queue.clone(), db, queued.clone(), config.poll));
    info!(hub = %url, state = %config.state.display(), "agent started");
    let connections = async {
        let mut backoff = Backoff::new();
        loop {
            let started = Instant::now();
            match session(&url, &config.token, &queue, &runner, &queued).await {
                Ok(()) => info!("the hub closed the connection"),
                Err(e @ (AgentError::Rejected(_) | AgentError::Refused(_))) => {
                    error!(error = %e, "the hub does not accept this agent");
                    backoff.longest();
                }
                Err(e) => warn!(error = %e, "connection to the hub lost"),
            }
            if started.elapsed() >= STABLE {
                backoff.reset();
            }
            let wait = backoff.wait();
            info!(
                wait_ms = wait.as_millis() as u64,
                "connecting to the hub again"
            );
            tokio::time::sleep(wait).await;
        }
    };
    tokio::select! {
        () = shutdown => {}
        () = connections => {}
    }
    tail.abort();
    info!("agent stopped");
    Ok(())
}

/// Queues fail2ban's new bans, read by rowid as the hub's own sync does.
async fn tail(queue: Queue, db: Fail2banDb, queued: Arc<Notify>, poll: Duration) {
    loop {
        match tail_step(&queue, &db).await {
            Ok(0) => tokio::time::sleep(poll).await,
            Ok(n) => {
                debug!(queued = n, "bans queued");
                queued.notify_one();
            }
            Err(e) => {
                warn!(error = %e, "reading fail2ban's database failed");
                tokio::time::sleep(poll).await;
            }
        }
    }
}

async fn tail_step(queue: &Queue, db: &Fail2banDb) -> Result<usize, AgentError> {
    let after = queue.cursor().await?;
    let mut rows = db.bans_after(after, TAIL_BATCH).await?;
    if rows.is_empty() && after > 0 && db.last_rowid().await? < after {
        // fail2ban's table was purged or replaced: read it from the start;
        // the hub's archive holds each ban once whatever is sent again.
        info!(
            cursor = after,
            "fail2ban's ban table was renumbered; reading it from the start"
        );
        rows = db.bans_after(0, TAIL_BATCH).await?;
        if rows.is_empty() {
            queue.push(&[], 0).await?;
        }
    }
    let Some(last) = rows.last().map(|r| r.rowid) else {
        return Ok(0);
    };
    queue.push(&rows, last).await?;
    Ok(rows.len())
}

fn text(message: &AgentMessage) -> Result<Message, AgentError> {
    serde_json::to_string(message)
        .map(|t| Message::Text(t.into()))
        .map_err(|e| AgentError::Protocol(e.to_string()))
}

/// One connection: hello, welcome, then requests, answers and bans until it
/// ends.
async fn session(
    url: &str,
    token: &str,
    queue: &Queue,
    runner: &Arc<Runner>,
    queued: &Notify,
) -> Result<(), AgentError> {
    let mut request = url.into_client_request()?;
    let bearer = format!("Bearer {token}")
        .parse()
        .map_err(|_| AgentError::Protocol("the agent token is not a valid header value".into()))?;
    request
        .headers_mut()
        .insert(http::header::AUTHORIZATION, bearer);
    let (ws, _) = match tokio_tungstenite::connect_async(request).await {
        Ok(connected) => connected,
        Err(tungstenite::Error::Http(response)) => {
            return Err(AgentError::Rejected(response.status().as_u16()));
        }
        Err(e) => return Err(e.into()),
    };
    let (mut sink, mut stream) = ws.split();
    let mut fail2ban_version = runner.client.version().await.ok();
    sink.send(text(&AgentMessage::Hello {
        protocol: PROTOCOL_VERSION,
        agent_version: env!("CARGO_PKG_VERSION").to_owned(),
        fail2ban_version: fail2ban_version.clone(),
    })?)
    .await?;
    let host = tokio::time::timeout(WELCOME_WITHIN, async {
        while let Some(message) = stream.next().await {
            if let Message::Text(body) = message? {
                return match serde_json::from_str::<HubMessage>(&body) {
                    Ok(HubMessage::Welcome { host, .. }) => Ok(host),
                    Ok(HubMessage::Refused { reason }) => Err(AgentError::Refused(reason)),
                    _ => Err(AgentError::Protocol(format!(
                        "expected a welcome, got {body}"
                    ))),
                };
            }
        }
        Err(AgentError::Protocol("closed before the welcome".into()))
    })
    .await
    .map_err(|_| AgentError::Protocol("no welcome in time".into()))??;
    info!(host = %host, "connected to the hub");

    let (replies, mut outgoing) = mpsc::channel::<AgentMessage>(256);
    // The last sequence number sent and not yet acknowledged.
    let mut in_flight: Option<i64> = None;
    let mut status = tokio::time::interval(STATUS_EVERY);
    let mut poll = tokio::time::interval(Duration::from_secs(1));
    let mut heard = Instant::now();
    loop {
        if heard.elapsed() > HUB_SILENT {
            return Err(AgentError::Protocol(format!(
                "nothing from the hub for {} s",
                HUB_SILENT.as_secs()
            )));
        }
        if in_flight.is_none() {
            let bans = queue.peek(0, BATCH).await?;
            if let Some(last) = bans.last().map(|b| b.seq) {
                debug!(count = bans.len(), upto = last, "sending bans");
                sink.send(text(&AgentMessage::Bans { bans })?).await?;
                in_flight = Some(last);
            }
        }
        tokio::select! {
            message = stream.next() => {
                let Some(message) = message else { return Ok(()) };
                heard = Instant::now();
                match message? {
                    Message::Text(body) => match serde_json::from_str::<HubMessage>(&body) {
                        Ok(HubMessage::Request { id, request, .. }) => {
                            let runner = runner.clone();
                            let replies = replies.clone();
                            tokio::spawn(async move {
                                let result = runner.answer(id, request).await;
                                let _ = replies.send(AgentMessage::Reply { id, result }).await;
                            });
                        }
                        Ok(HubMessage::Ack { upto }) => {
                            queue.ack(upto).await?;
                            if in_flight.is_some_and(|sent| sent <= upto) {
                                in_flight = None;
                            }
                        }
                        Ok(other) => debug!(message = ?other, "ignored"),
                        Err(e) => {
                            let id = serde_json::from_str::<serde_json::Value>(&body)
                                .ok()
                                .and_then(|v| v.get("id").and_then(serde_json::Value::as_u64));
                            warn!(error = %e, "a message from the hub could not be read");
                            if let Some(id) = id {
                                sink.send(text(&AgentMessage::Reply {
                                    id,
                                    result: Err(RemoteError::Unknown(e.to_string())),
                                })?)
                                .await?;
                            }
                        }
                    },
                    Message::Close(_) => return Ok(()),
                    _ => {}
                }
            }
            Some(reply) = outgoing.recv() => sink.send(text(&reply)?).await?,
            () = queued.notified(), if in_flight.is_none() => {}
            _ = poll.tick() => {}
            _ = status.tick() => {
                let now = runner.client.version().await.ok();
                if now != fail2ban_version {
                    fail2ban_version = now;
                    sink.send(text(&AgentMessage::Status {
                        fail2ban_version: fail2ban_version.clone(),
                    })?)
                    .await?;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_endpoint_follows_the_hub_s_scheme_and_path() {
        assert_eq!(
            endpoint("https://hub.example.org/bangui/").unwrap(),
            "wss://hub.example.org/bangui/agent/ws"
        );
        assert_eq!(
            endpoint("http://192.0.2.1:8080").unwrap(),
            "ws://192.0.2.1:8080/agent/ws"
        );
        assert!(matches!(
            endpoint("hub.example.org"),
            Err(AgentError::HubUrl(_))
        ));
    }

    #[test]
    fn waits_double_up_to_a_minute_with_jitter() {
        let mut backoff = Backoff::new();
        let waits: Vec<Duration> = (0..8).map(|_| backoff.wait()).collect();
        let fulls = [1, 2, 4, 8, 16, 32, 60, 60];
        for (wait, full) in waits.iter().zip(fulls) {
            let full = Duration::from_secs(full);
            assert!(*wait >= full / 2 && *wait <= full, "{wait:?} of {full:?}");
        }
        backoff.reset();
        assert!(backoff.wait() <= BACKOFF_FIRST);
    }
}
