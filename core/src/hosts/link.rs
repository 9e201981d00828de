//! The hub's side of agent connections: a [`Registry`] of the agents
//! connected to this instance, and [`AgentClient`], the host interface
//! ([`Fail2ban`] and [`BanReads`]) of a host whose fail2ban is behind an agent.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use async_trait::async_trait;
use bangui_agent::protocol::{Answer, DbRead, HubMessage, RemoteError, Request};
use bangui_fail2ban::cli::{CLIENT_TIMEOUT, ClientAction, ClientError, ClientOutcome, Fail2banCli};
use bangui_fail2ban::db::{BanReads, BanRow, Fail2banDbError};
use bangui_fail2ban::pickle::Value;
use bangui_fail2ban::{Command, Fail2ban, Fail2banError};
use tokio::sync::{broadcast, mpsc, oneshot};
use tokio_util::sync::CancellationToken;
use tracing::debug;

use super::relay::Relay;
use crate::jails::HostRef;

/// Messages waiting to be written to one agent.
const OUTGOING: usize = 256;

/// Why a request to an agent got no answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum LinkError {
    #[error("host {0:?} is not connected")]
    Unavailable(String),
    #[error("host {host:?} did not answer within {}s", .after.as_secs_f32())]
    Timeout { host: String, after: Duration },
    #[error(transparent)]
    Remote(#[from] RemoteError),
}

/// One connected agent.
pub struct AgentLink {
    host: HostRef,
    outgoing: mpsc::Sender<HubMessage>,
    pending: Mutex<HashMap<u64, oneshot::Sender<Result<Answer, RemoteError>>>>,
    closed: CancellationToken,
}

impl AgentLink {
    /// A link to `host`'s agent and the messages to write to it.
    pub fn new(host: HostRef) -> (Arc<AgentLink>, mpsc::Receiver<HubMessage>) {
        let (outgoing, rx) = mpsc::channel(OUTGOING);
        let link = AgentLink {
            host,
            outgoing,
            pending: Mutex::default(),
            closed: CancellationToken::new(),
        };
        (Arc::new(link), rx)
    }

    pub fn host(&self) -> &HostRef {
        &self.host
    }

    /// Cancelled when the link is closed by the hub (the host was removed or
    /// its token rotated, or another connection of the agent replaced it).
    pub fn closed(&self) -> &CancellationToken {
        &self.closed
    }

    fn pending(
        &self,
    ) -> std::sync::MutexGuard<'_, HashMap<u64, oneshot::Sender<Result<Answer, RemoteError>>>> {
        self.pending
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Sends a request with a new id and waits for its answer at most `timeout`.
    pub async fn request(&self, request: Request, timeout: Duration) -> Result<Answer, LinkError> {
        let unavailable = || LinkError::Unavailable(self.host.name.clone());
        if self.closed.is_cancelled() {
            return Err(unavailable());
        }
        let id = loop {
            let id = rand::random::<u64>();
            if !self.pending().contains_key(&id) {
                break id;
            }
        };
        let (tx, rx) = oneshot::channel();
        self.pending().insert(id, tx);
        let message = HubMessage::Request {
            id,
            request,
            timeout_ms: u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX),
        };
        if self.outgoing.send(message).await.is_err() {
            self.pending().remove(&id);
            return Err(unavailable());
        }
        match tokio::time::timeout(timeout, rx).await {
            Ok(Ok(outcome)) => Ok(outcome?),
            // The link closed while the request ran.
            Ok(Err(_)) => Err(unavailable()),
            Err(_) => {
                self.pending().remove(&id);
                Err(LinkError::Timeout {
                    host: self.host.name.clone(),
                    after: timeout,
                })
            }
        }
    }

    /// Hands the agent's answer to the request waiting for it.
    pub fn settle(&self, id: u64, outcome: Result<Answer, RemoteError>) {
        match self.pending().remove(&id) {
            Some(waiting) => {
                let _ = waiting.send(outcome);
            }
            None => debug!(host = %self.host.name, id, "answer to a request nobody waits for"),
        }
    }

    /// Writes a message to the agent; false once the connection is gone.
    pub async fn send(&self, message: HubMessage) -> bool {
        self.outgoing.send(message).await.is_ok()
    }

    /// Ends the link: every waiting request fails at once.
    pub fn close(&self) {
        self.closed.cancel();
        self.pending().clear();
    }
}

/// The agents connected to this instance, by host id.
pub struct Registry {
    links: RwLock<HashMap<i64, Arc<AgentLink>>>,
    /// Ids of hosts that connected or disconnected.
    changes: broadcast::Sender<i64>,
}

impl Default for Registry {
    fn default() -> Self {
        Registry {
            links: RwLock::default(),
            changes: broadcast::channel(256).0,
        }
    }
}

impl Registry {
    fn links(&self) -> std::sync::RwLockReadGuard<'_, HashMap<i64, Arc<AgentLink>>> {
        self.links
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn links_mut(&self) -> std::sync::RwLockWriteGuard<'_, HashMap<i64, Arc<AgentLink>>> {
        self.links
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Makes `link` the host's connection; an older one is closed.
    pub fn attach(&self, link: Arc<AgentLink>) {
        let id = link.host().id;
        if let Some(old) = self.links_mut().insert(id, link) {
            old.close();
        }
        let _ = self.changes.send(id);
    }

    /// Forgets `link` if it is still the host's connection.
    pub fn detach(&self, link: &Arc<AgentLink>) {
        let id = link.host().id;
        let removed = {
            let mut links = self.links_mut();
            match links.get(&id) {
                Some(current) if Arc::ptr_eq(current, link) => links.remove(&id).is_some(),
                _ => false,
            }
        };
        link.close();
        if removed {
            let _ = self.changes.send(id);
        }
    }

    /// Closes the host's connection, if it has one here.
    pub fn disconnect(&self, host_id: i64) {
        let link = self.links_mut().remove(&host_id);
        if let Some(link) = link {
            link.close();
            let _ = self.changes.send(host_id);
        }
    }

    pub fn get(&self, host_id: i64) -> Option<Arc<AgentLink>> {
        self.links().get(&host_id).cloned()
    }

    /// The ids of the hosts connected here.
    pub fn connected(&self) -> HashSet<i64> {
        self.links().keys().copied().collect()
    }

    /// Ids of hosts as they connect and disconnect.
    pub fn changes(&self) -> broadcast::Receiver<i64> {
        self.changes.subscribe()
    }

    /// Passes on that host `id` connected to or disconnected from another
    /// instance.
    pub fn changed_elsewhere(&self, id: i64) {
        let _ = self.changes.send(id);
    }
}

/// A host's fail2ban and its database, through its agent: the connection of
/// this instance, or another instance's through the relay.
#[derive(Clone)]
pub struct AgentClient {
    registry: Arc<Registry>,
    relay: Option<Arc<Relay>>,
    host: HostRef,
    timeout: Duration,
}

impl AgentClient {
    /// `timeout` bounds each request's round trip, fail2ban's time included.
    pub fn new(
        registry: Arc<Registry>,
        relay: Option<Arc<Relay>>,
        host: HostRef,
        timeout: Duration,
    ) -> AgentClient {
        AgentClient {
            registry,
            relay,
            host,
            timeout,
        }
    }

    async fn request(&self, request: Request) -> Result<Answer, LinkError> {
        self.request_within(request, self.timeout).await
    }

    async fn request_within(
        &self,
        request: Request,
        timeout: Duration,
    ) -> Result<Answer, LinkError> {
        if let Some(link) = self.registry.get(self.host.id) {
            return link.request(request, timeout).await;
        }
        if let Some(relay) = &self.relay
            && let Some(instance) = relay.holder(self.host.id).await
        {
            return relay.request(&instance, &self.host, request, timeout).await;
        }
        Err(LinkError::Unavailable(self.host.name.clone()))
    }

    async fn read(&self, read: DbRead) -> Result<Answer, Fail2banDbError> {
        self.request(Request::Db(read))
            .await
            .map_err(|e| Fail2banDbError::Remote {
                host: self.host.name.clone(),
                reason: e.to_string(),
            })
    }

    fn unexpected(&self, answer: &Answer) -> Fail2banDbError {
        Fail2banDbError::Remote {
            host: self.host.name.clone(),
            reason: format!("unexpected answer {answer:?}"),
        }
    }
}

#[async_trait]
impl Fail2ban for AgentClient {
    async fn call(&self, command: Command) -> bangui_fail2ban::Result<Value> {
        match self.request(Request::Fail2ban(command)).await {
            Ok(Answer::Value(value)) => Ok(value),
            Ok(other) => Err(Fail2banError::Protocol(format!(
                "host {:?} answered {other:?}",
                self.host.name
            ))),
            Err(LinkError::Unavailable(host)) => Err(Fail2banError::HostUnavailable { host }),
            Err(LinkError::Timeout { after, .. }) => Err(Fail2banError::Timeout { after }),
            Err(LinkError::Remote(RemoteError::Fail2ban(e))) => Err(e),
            Err(LinkError::Remote(e)) => Err(Fail2banError::Protocol(e.to_string())),
        }
    }
}

#[async_trait]
impl Fail2banCli for AgentClient {
    async fn run(&self, action: &ClientAction) -> Result<ClientOutcome, ClientError> {
        // fail2ban-client's own bound, and the way there and back.
        let timeout = CLIENT_TIMEOUT + Duration::from_secs(5);
        match self
            .request_within(Request::Client(action.clone()), timeout)
            .await
        {
            Ok(Answer::Client(outcome)) => Ok(outcome),
            Ok(other) => Err(ClientError::Remote(format!(
                "host {:?} answered {other:?}",
                self.host.name
            ))),
            Err(LinkError::Unavailable(host)) => Err(ClientError::HostUnavailable { host }),
            Err(LinkError::Timeout { after, .. }) => Err(ClientError::Timeout { after }),
            Err(LinkError::Remote(RemoteError::Client(e))) => Err(e),
            Err(LinkError::Remote(e)) => Err(ClientError::Remote(e.to_string())),
        }
    }
}

#[async_trait]
impl BanReads for AgentClient {
    async fn changed(&self) -> Result<bool, Fail2banDbError> {
        match self.read(DbRead::Changed).await? {
            Answer::Changed(changed) => Ok(changed),
            other => Err(self.unexpected(&other)),
        }
    }

    async fn count_current(&self, now: i64) -> Result<HashMap<String, u64>, Fail2banDbError> {
        match self.read(DbRead::CountCurrent { now }).await? {
            Answer::Counts(counts) => Ok(counts),
            other => Err(self.unexpected(&other)),
        }
    }

    async fn current_bans(
        &self,
        jail: Option<&str>,
        now: i64,
    ) -> Result<Vec<BanRow>, Fail2banDbError> {
        let read = DbRead::CurrentBans {
            jail: jail.map(str::to_owned),
            now,
        };
        match self.read(read).await? {
            Answer::Bans(rows) => Ok(rows),
            other => Err(self.unexpected(&other)),
        }
    }

    async fn banned_among(
        &self,
        jail: &str,
        ips: &[String],
        now: i64,
    ) -> Result<HashSet<String>, Fail2banDbError> {
        let read = DbRead::BannedAmong {
            jail: jail.to_owned(),
            ips: ips.to_vec(),
            now,
        };
        match self.read(read).await? {
            Answer::Among(found) => Ok(found.into_iter().collect()),
            other => Err(self.unexpected(&other)),
        }
    }
}
