//! Requests to agents connected to another hub instance, on PostgreSQL: the
//! request is written to `agent_relay` for the instance that holds the agent
//! (`host.instance`) and announced with `NOTIFY`; that instance runs it
//! through its connection and answers the same way. A notification missed
//! while a listener reconnects is made up for by reading what waits in the
//! table.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bangui_agent::protocol::{Answer, Request};
use rand::Rng;
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, Statement};
use serde::{Deserialize, Serialize};
use tokio::sync::oneshot;
use tokio_util::sync::CancellationToken;
use tracing::{debug, warn};

use super::link::{LinkError, Registry};
use crate::jails::HostRef;

/// The notification channel of relayed messages; the payload is
/// `<instance>:<agent_relay.id>`.
const CHANNEL: &str = "bangui_agent_relay";
/// The notification channel of agents connecting and disconnecting; the
/// payload is `<instance>:<host.id>`, the instance that saw it.
const STATUS_CHANNEL: &str = "bangui_host_status";
/// An agent whose instance has not reported it for this long is taken for
/// disconnected: the instance holding it notes it every 5 s (`HEARTBEAT`), so an
/// instance that died leaves its agents unreachable for this long at most
/// (they reconnect to another instance meanwhile).
pub const FRESH_SECS: i64 = 15;
/// How often an instance notes that it still holds its agents.
const HEARTBEAT: Duration = Duration::from_secs(5);
/// Relayed messages nobody took in this long are removed.
const KEEP_SECS: i64 = 300;

#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Message {
    Request {
        id: u64,
        from: String,
        host_id: i64,
        host: String,
        request: Request,
        timeout_ms: u64,
    },
    Reply {
        id: u64,
        result: Result<Answer, LinkError>,
    },
    /// The host's token was rotated or revoked: its connection must end.
    Disconnect { host_id: i64 },
}

type Waiting = oneshot::Sender<Result<Answer, LinkError>>;

/// Whether another instance than `me` holds the host's agent and reported
/// it recently.
pub fn fresh_elsewhere(host: &entity::host::Model, me: &str) -> bool {
    host.instance.as_deref().is_some_and(|i| i != me)
        && host
            .last_seen_at
            .is_some_and(|seen| crate::time::now() - seen <= FRESH_SECS)
}

/// This instance's side of the relay.
pub struct Relay {
    db: DatabaseConnection,
    instance: String,
    registry: Arc<Registry>,
    pending: Mutex<HashMap<u64, Waiting>>,
}

impl Relay {
    /// The relay of a new instance, on PostgreSQL; `None` on SQLite, where
    /// one instance serves every agent.
    pub fn new(db: DatabaseConnection, registry: Arc<Registry>) -> Option<Arc<Relay>> {
        (db.get_database_backend() == DatabaseBackend::Postgres).then(|| {
            Arc::new(Relay {
                db,
                instance: format!("{:016x}", rand::rng().random::<u64>()),
                registry,
                pending: Mutex::default(),
            })
        })
    }

    /// This instance's name in `host.instance`.
    pub fn instance(&self) -> &str {
        &self.instance
    }

    fn pending(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Waiting>> {
        self.pending
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Writes `message` for instance `to` and tells it.
    async fn post(&self, to: &str, message: &Message) -> Result<(), sea_orm::DbErr> {
        let body = serde_json::to_string(message)
            .map_err(|e| sea_orm::DbErr::Custom(format!("relay message: {e}")))?;
        self.db
            .execute_raw(Statement::from_sql_and_values(
                DatabaseBackend::Postgres,
                "WITH posted AS (
                   INSERT INTO agent_relay (to_instance, body, created_at)
                   VALUES ($1, $2, $3) RETURNING id)
                 SELECT pg_notify($4, $1 || ':' || posted.id) FROM posted",
                [
                    to.into(),
                    body.into(),
                    crate::time::now().into(),
                    CHANNEL.into(),
                ],
            ))
            .await?;
        Ok(())
    }

    /// Runs `request` on `host`'s agent, connected to instance `to`.
    pub async fn request(
        &self,
        to: &str,
        host: &HostRef,
        request: Request,
        timeout: Duration,
    ) -> Result<Answer, LinkError> {
        let id = rand::rng().random::<u64>();
        let (tx, rx) = oneshot::channel();
        self.pending().insert(id, tx);
        let message = Message::Request {
            id,
            from: self.instance.clone(),
            host_id: host.id,
            host: host.name.clone(),
            request,
            timeout_ms: u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX),
        };
        if let Err(e) = self.post(to, &message).await {
            self.pending().remove(&id);
            warn!(host = %host.name, error = %e, "cannot relay a request to another instance");
            return Err(LinkError::Unavailable(host.name.clone()));
        }
        // The other instance's own wait is bounded by the same timeout; a
        // second more covers the way back.
        match tokio::time::timeout(timeout + Duration::from_secs(1), rx).await {
            Ok(Ok(outcome)) => outcome,
            Ok(Err(_)) => Err(LinkError::Unavailable(host.name.clone())),
            Err(_) => {
                self.pending().remove(&id);
                Err(LinkError::Timeout {
                    host: host.name.clone(),
                    after: timeout,
                })
            }
        }
    }

    /// The other instance holding `host_id`'s agent, while it reports it.
    pub async fn holder(&self, host_id: i64) -> Option<String> {
        use sea_orm::EntityTrait;
        let host = entity::host::Entity::find_by_id(host_id)
            .one(&self.db)
            .await
            .ok()
            .flatten()?;
        fresh_elsewhere(&host, &self.instance)
            .then(|| host.instance.clone())
            .flatten()
    }

    /// Records that this instance holds (or no longer holds) the host's agent.
    pub async fn hold(&self, host_id: i64, held: bool) {
        let statement = if held {
            Statement::from_sql_and_values(
                DatabaseBackend::Postgres,
                "UPDATE host SET instance = $1 WHERE id = $2",
                [self.instance.clone().into(), host_id.into()],
            )
        } else {
            Statement::from_sql_and_values(
                DatabaseBackend::Postgres,
                "UPDATE host SET instance = NULL WHERE id = $2 AND instance = $1",
                [self.instance.clone().into(), host_id.into()],
            )
        };
        if let Err(e) = self.db.execute_raw(statement).await {
            warn!(host_id, error = %e, "cannot record which instance holds an agent");
        }
        let notify = Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT pg_notify($1, $2)",
            [
                STATUS_CHANNEL.into(),
                format!("{}:{host_id}", self.instance).into(),
            ],
        );
        if let Err(e) = self.db.execute_raw(notify).await {
            warn!(host_id, error = %e, "cannot tell other instances of an agent's connection");
        }
    }

    /// Ends the host's connection on the instance holding it, when another
    /// one does.
    pub async fn disconnect_elsewhere(&self, host_id: i64) {
        let Some(instance) = self.holder(host_id).await else {
            return;
        };
        if let Err(e) = self.post(&instance, &Message::Disconnect { host_id }).await {
            warn!(host_id, error = %e, "cannot tell another instance to disconnect an agent");
        }
    }

    /// Takes the relayed message `row`, if it is still there.
    async fn take(&self, row: i64) -> Option<Message> {
        let taken = self
            .db
            .query_one_raw(Statement::from_sql_and_values(
                DatabaseBackend::Postgres,
                "DELETE FROM agent_relay WHERE id = $1 AND to_instance = $2 RETURNING body",
                [row.into(), self.instance.clone().into()],
            ))
            .await;
        let body: String = match taken {
            Ok(Some(row)) => row.try_get("", "body").ok()?,
            Ok(None) => return None,
            Err(e) => {
                warn!(error = %e, "cannot read a relayed message");
                return None;
            }
        };
        match serde_json::from_str(&body) {
            Ok(message) => Some(message),
            Err(e) => {
                warn!(error = %e, "a relayed message could not be read");
                None
            }
        }
    }

    /// Every message waiting for this instance, after notifications may have
    /// been missed.
    async fn take_waiting(&self) -> Vec<Message> {
        let rows = self
            .db
            .query_all_raw(Statement::from_sql_and_values(
                DatabaseBackend::Postgres,
                "DELETE FROM agent_relay WHERE to_instance = $1 RETURNING body",
                [self.instance.clone().into()],
            ))
            .await
            .unwrap_or_default();
        rows.iter()
            .filter_map(|r| r.try_get::<String>("", "body").ok())
            .filter_map(|body| serde_json::from_str(&body).ok())
            .collect()
    }

    fn handle(self: &Arc<Self>, message: Message) {
        match message {
            Message::Disconnect { host_id } => self.registry.disconnect(host_id),
            Message::Reply { id, result } => {
                if let Some(waiting) = self.pending().remove(&id) {
                    let _ = waiting.send(result);
                }
            }
            Message::Request {
                id,
                from,
                host_id,
                host,
                request,
                timeout_ms,
            } => {
                let relay = self.clone();
                tokio::spawn(async move {
                    let result = match relay.registry.get(host_id) {
                        Some(link) => {
                            link.request(request, Duration::from_millis(timeout_ms))
                                .await
                        }
                        None => Err(LinkError::Unavailable(host)),
                    };
                    if let Err(e) = relay.post(&from, &Message::Reply { id, result }).await {
                        warn!(error = %e, "cannot answer a relayed request");
                    }
                });
            }
        }
    }

    /// Notes that this instance still holds the agents connected to it.
    async fn heartbeat(&self) {
        let held: Vec<i64> = self.registry.connected().into_iter().collect();
        if held.is_empty() {
            return;
        }
        let noted = self
            .db
            .execute_raw(Statement::from_sql_and_values(
                DatabaseBackend::Postgres,
                "UPDATE host SET last_seen_at = $1 WHERE instance = $2 AND id = ANY($3)",
                [
                    crate::time::now().into(),
                    self.instance.clone().into(),
                    held.into(),
                ],
            ))
            .await;
        if let Err(e) = noted {
            warn!(error = %e, "cannot note the agents this instance holds");
        }
    }

    /// Serves relayed messages until `stop`.
    pub async fn listen(self: Arc<Self>, stop: CancellationToken) {
        let mut sweep = tokio::time::interval(Duration::from_secs(60));
        let mut heartbeat = tokio::time::interval(HEARTBEAT);
        loop {
            let listener = async {
                let mut listener = sqlx::postgres::PgListener::connect_with(
                    self.db.get_postgres_connection_pool(),
                )
                .await?;
                listener.listen_all([CHANNEL, STATUS_CHANNEL]).await?;
                Ok::<_, sqlx::Error>(listener)
            };
            let mut listener = match listener.await {
                Ok(listener) => listener,
                Err(e) => {
                    warn!(error = %e, "cannot listen for relayed agent requests; retrying");
                    tokio::select! {
                        () = stop.cancelled() => return,
                        () = tokio::time::sleep(Duration::from_secs(1)) => continue,
                    }
                }
            };
            for message in self.take_waiting().await {
                self.handle(message);
            }
            loop {
                tokio::select! {
                    () = stop.cancelled() => return,
                    _ = heartbeat.tick() => self.heartbeat().await,
                    _ = sweep.tick() => {
                        let _ = self.db.execute_raw(Statement::from_sql_and_values(
                            DatabaseBackend::Postgres,
                            "DELETE FROM agent_relay WHERE created_at < $1",
                            [(crate::time::now() - KEEP_SECS).into()],
                        )).await;
                    }
                    received = listener.recv() => match received {
                        Ok(notification) => {
                            let Some((to, row)) = notification.payload().split_once(':') else { continue };
                            if notification.channel() == STATUS_CHANNEL {
                                if to != self.instance && let Ok(id) = row.parse() {
                                    self.registry.changed_elsewhere(id);
                                }
                                continue;
                            }
                            if to != self.instance {
                                continue;
                            }
                            if let Some(message) = match row.parse() {
                                Ok(row) => self.take(row).await,
                                Err(_) => None,
                            } {
                                self.handle(message);
                            }
                        }
                        Err(e) => {
                            debug!(error = %e, "relay listener reconnecting");
                            break;
                        }
                    },
                }
            }
        }
    }
}
