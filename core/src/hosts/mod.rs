//! Hosts: the fail2bans one BanGUI manages. The local host is this machine's
//! fail2ban; every other host runs `bangui agent`, which connects out to this
//! hub with a token from [`Hosts::add`]. Each host is reached through the same
//! interface ([`Fail2banService`]), locally over fail2ban's socket or through
//! its agent ([`link`]).

pub mod client;
mod enrol;
mod ingest;
pub mod link;
pub mod relay;

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use bangui_agent::protocol::QueuedBan;
use entity::host;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder,
};
use tracing::info;

use crate::audit::Auditor;
use crate::error::{ServiceError, ServiceResult};
use crate::jails::{Fail2banService, HostRef};
pub use client::AgentClient;
pub use link::{AgentLink, LinkError, Registry};
pub use relay::Relay;

/// Prefix of agent tokens.
pub const AGENT_PREFIX: &str = "bgh_";

/// A host as the API shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostView {
    pub host: host::Model,
    /// Whether its agent is connected (the local host: always).
    pub connected: bool,
}

/// A host with its new agent token, shown once.
#[derive(Clone, Debug)]
pub struct Enrollment {
    pub host: HostView,
    pub token: String,
}

/// Checks a host name: 1 to 253 letters, digits, `-`, `_` or `.`, starting
/// with a letter or digit.
pub fn host_name(name: &str) -> ServiceResult<&str> {
    let ok = (1..=253).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(name)
    } else {
        Err(ServiceError::BadInput(format!(
            "{name:?} is not a valid host name (1 to 253 letters, digits, - _ ., starting with a letter or digit)"
        )))
    }
}

/// Every host and the way to each one's fail2ban.
#[derive(Clone)]
pub struct Hosts {
    db: DatabaseConnection,
    local: Fail2banService,
    /// Whether this machine has a fail2ban (`BANGUI_FAIL2BAN_SOCKET` is
    /// set); without one the local host is not shown, read or written.
    local_present: bool,
    registry: Arc<Registry>,
    /// Requests to the agents of other instances (PostgreSQL).
    relay: Option<Arc<Relay>>,
    /// Writes agents' bans to the archive.
    ingest: ingest::Ingest,
    audit: Auditor,
    /// How long a request to an agent may take.
    timeout: Duration,
    /// Host names by id, for events and archived bans.
    names: Arc<RwLock<HashMap<i64, String>>>,
}

impl Hosts {
    /// The hosts, with the local one named `local_name` (renamed when it
    /// was known by another name); `local` is the local host's service, or
    /// with `local_present` false only the template of the agent hosts' ones.
    pub async fn start(
        db: DatabaseConnection,
        local: Fail2banService,
        local_present: bool,
        local_name: &str,
        timeout: Duration,
    ) -> ServiceResult<Hosts> {
        host_name(local_name)?;
        let current = host::Entity::find_by_id(host::LOCAL_HOST_ID)
            .one(&db)
            .await?;
        match current {
            Some(row) if row.name == local_name => {}
            Some(row) => {
                if let Some(other) = find_named(&db, local_name).await? {
                    return Err(ServiceError::Conflict(format!(
                        "BANGUI_HOST_NAME {local_name:?} is the name of agent host {}; choose another",
                        other.id
                    )));
                }
                let mut row: host::ActiveModel = row.into();
                row.name = Set(local_name.to_owned());
                row.update(&db).await?;
                info!(name = local_name, "local host renamed");
            }
            None => {
                return Err(ServiceError::invariant(
                    "the local host's row is missing; run the migrations",
                ));
            }
        }
        let local = local.named(local_name);
        let registry: Arc<Registry> = Arc::default();
        Ok(Hosts {
            audit: Auditor::new(db.clone()),
            relay: Relay::new(db.clone(), registry.clone()),
            ingest: ingest::Ingest::start(db.clone(), local.clone()),
            db,
            local,
            local_present,
            registry,
            timeout,
            names: Arc::default(),
        })
    }

    pub fn relay(&self) -> Option<&Arc<Relay>> {
        self.relay.as_ref()
    }

    /// Makes `link` the host's connection, on this instance and for the others.
    pub async fn attach(&self, link: Arc<AgentLink>) {
        let id = link.host().id;
        self.registry.attach(link);
        if let Some(relay) = &self.relay {
            relay.hold(id, true).await;
        }
    }

    /// Ends the host's agent connection, on whichever instance holds it.
    async fn disconnect(&self, id: i64) {
        if let Some(relay) = &self.relay {
            relay.disconnect_elsewhere(id).await;
        }
        self.registry.disconnect(id);
    }

    /// Forgets `link` once its connection ended.
    pub async fn detach(&self, link: &Arc<AgentLink>) {
        self.registry.detach(link);
        if let Some(relay) = &self.relay
            && self.registry.get(link.host().id).is_none()
        {
            relay.hold(link.host().id, false).await;
        }
    }

    pub fn registry(&self) -> &Arc<Registry> {
        &self.registry
    }

    /// The local host's service (without a local fail2ban, the template of
    /// the agent hosts' ones: see [`Hosts::local_present`]).
    pub fn local(&self) -> &Fail2banService {
        &self.local
    }

    /// Whether this machine has a fail2ban of its own.
    pub fn local_present(&self) -> bool {
        self.local_present
    }

    /// Whether the API shows `host`: not the local host of a machine
    /// without fail2ban, nor a removed one.
    fn shown(&self, host: &host::Model) -> bool {
        host.removed_at.is_none() && (self.local_present || !host.local)
    }

    fn view(&self, host: host::Model) -> HostView {
        let connected = host.local
            || self.registry.get(host.id).is_some()
            || self
                .relay
                .as_ref()
                .is_some_and(|r| relay::fresh_elsewhere(&host, r.instance()));
        HostView { host, connected }
    }

    /// Every host not removed, the local one first, then by name.
    pub async fn list(&self) -> ServiceResult<Vec<HostView>> {
        let rows = host::Entity::find()
            .filter(host::Column::RemovedAt.is_null())
            .order_by_desc(host::Column::Local)
            .order_by_asc(host::Column::Name)
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .filter(|h| self.shown(h))
            .map(|h| self.view(h))
            .collect())
    }

    pub async fn by_name(&self, name: &str) -> ServiceResult<Option<HostView>> {
        Ok(find_named(&self.db, name)
            .await?
            .filter(|h| self.shown(h))
            .map(|h| self.view(h)))
    }

    /// The id of the host named `name`, removed or not: its archived bans
    /// keep its name.
    pub async fn id_of(&self, name: &str) -> ServiceResult<Option<i64>> {
        Ok(find_named(&self.db, name).await?.map(|h| h.id))
    }

    pub async fn by_id(&self, id: i64) -> ServiceResult<Option<HostView>> {
        Ok(host::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .filter(|h| self.shown(h))
            .map(|h| self.view(h)))
    }

    /// The name of host `id`, removed or not (archived events keep it).
    pub async fn name_of(&self, id: i64) -> ServiceResult<String> {
        if let Some(name) = self.names_read().get(&id) {
            return Ok(name.clone());
        }
        let rows = host::Entity::find().all(&self.db).await?;
        let mut names = self
            .names
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        names.clear();
        names.extend(rows.into_iter().map(|h| (h.id, h.name)));
        Ok(names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("host-{id}")))
    }

    fn names_read(&self) -> std::sync::RwLockReadGuard<'_, HashMap<i64, String>> {
        self.names
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn forget_names(&self) {
        self.names
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clear();
    }

    /// The service of one host's fail2ban, for a change: the named host, or
    /// with no name the local host; on a machine without fail2ban, the only
    /// host there is. A name no host has, or no name where there is no
    /// local host and not exactly one other, is BAD_USER_INPUT.
    pub async fn for_write(&self, name: Option<&str>) -> ServiceResult<Fail2banService> {
        match name {
            None if self.local_present => Ok(self.local.clone()),
            None => match self.list().await?.as_slice() {
                [only] => Ok(self.service(&only.host)),
                [] => Err(ServiceError::BadInput(
                    "this BanGUI has no fail2ban of its own (BANGUI_FAIL2BAN_SOCKET is empty) and no host yet: add one".into(),
                )),
                _ => Err(ServiceError::BadInput(
                    "name a host: this BanGUI has no fail2ban of its own (BANGUI_FAIL2BAN_SOCKET is empty)".into(),
                )),
            },
            Some(name) => {
                let host = self.by_name(name).await?.ok_or_else(|| {
                    ServiceError::BadInput(format!("there is no host named {name:?}"))
                })?;
                Ok(self.service(&host.host))
            }
        }
    }

    /// The service of host `id`; `None` once it is removed.
    pub async fn for_id(&self, id: i64) -> ServiceResult<Option<Fail2banService>> {
        if id == host::LOCAL_HOST_ID {
            return Ok(self.local_present.then(|| self.local.clone()));
        }
        Ok(self.by_id(id).await?.map(|h| self.service(&h.host)))
    }

    /// Archives bans an agent sent; returns once they are written. Bans no
    /// fail2ban could hold are left out.
    pub async fn ingest(&self, host: &HostRef, bans: &[QueuedBan]) -> ServiceResult<()> {
        self.ingest.bans(host, bans).await
    }

    /// The services of the named host, or with no name of every host.
    pub async fn for_read(&self, name: Option<&str>) -> ServiceResult<Vec<Fail2banService>> {
        match name {
            Some(_) => Ok(vec![self.for_write(name).await?]),
            None => Ok(self
                .list()
                .await?
                .iter()
                .map(|h| self.service(&h.host))
                .collect()),
        }
    }

    /// The services of every host whose fail2ban can be reached now (the
    /// local one, and each agent that is connected), for reads of them all.
    pub async fn connected(&self) -> ServiceResult<Vec<Fail2banService>> {
        Ok(self
            .list()
            .await?
            .iter()
            .filter(|h| h.connected)
            .map(|h| self.service(&h.host))
            .collect())
    }

    fn service(&self, host: &host::Model) -> Fail2banService {
        if host.local {
            return self.local.clone();
        }
        let host = HostRef {
            id: host.id,
            name: host.name.clone(),
        };
        let client = Arc::new(AgentClient::new(
            self.registry.clone(),
            self.relay.clone(),
            host.clone(),
            self.timeout,
        ));
        self.local.for_host(host, client)
    }
}

async fn find_named(db: &DatabaseConnection, name: &str) -> ServiceResult<Option<host::Model>> {
    Ok(host::Entity::find()
        .filter(host::Column::Name.eq(name))
        .one(db)
        .await?)
}
