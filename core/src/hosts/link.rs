//! The hub's side of agent connections: one [`AgentLink`] per connected
//! agent, with the requests waiting for its answers, and the [`Registry`] of
//! the agents connected to this instance.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use bangui_agent::protocol::{Answer, HubMessage, RemoteError, Request};
use tokio::sync::{broadcast, mpsc, oneshot};
use tokio_util::sync::CancellationToken;
use tracing::debug;

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
