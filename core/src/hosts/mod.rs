//! Hosts: the fail2bans one BanGUI manages. The local host is this machine's
//! fail2ban; every other host runs `bangui agent`, which connects out to this
//! hub with a token from [`Hosts::add`]. Each host is reached through the same
//! interface ([`Fail2banService`]), locally over fail2ban's socket or through
//! its agent ([`link`]).

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

use crate::actor::Actor;
use crate::archive::{self, NewBan, Origin};
use crate::audit::Auditor;
use crate::auth::tokens;
use crate::error::{ServiceError, ServiceResult};
use crate::jails::{Fail2banService, HostRef};
pub use link::{AgentClient, AgentLink, LinkError, Registry};
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
    registry: Arc<Registry>,
    /// Requests to the agents of other instances (PostgreSQL).
    relay: Option<Arc<Relay>>,
    audit: Auditor,
    /// How long a request to an agent may take.
    timeout: Duration,
    /// Host names by id, for events and archived bans.
    names: Arc<RwLock<HashMap<i64, String>>>,
}

impl Hosts {
    /// The hosts, with the local one named `local_name` (renamed when it
    /// was known by another name).
    pub async fn start(
        db: DatabaseConnection,
        local: Fail2banService,
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
            db,
            local,
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

    /// The local host's service.
    pub fn local(&self) -> &Fail2banService {
        &self.local
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
        Ok(rows.into_iter().map(|h| self.view(h)).collect())
    }

    pub async fn by_name(&self, name: &str) -> ServiceResult<Option<HostView>> {
        Ok(find_named(&self.db, name)
            .await?
            .filter(|h| h.removed_at.is_none())
            .map(|h| self.view(h)))
    }

    pub async fn by_id(&self, id: i64) -> ServiceResult<Option<HostView>> {
        Ok(host::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .filter(|h| h.removed_at.is_none())
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

    /// Adds a host (or brings back a removed one of that name, with its
    /// archive) and returns its agent token.
    pub async fn add(&self, actor: &Actor, name: &str) -> ServiceResult<Enrollment> {
        let result = async {
            host_name(name)?;
            let token = tokens::generate(AGENT_PREFIX);
            let now = crate::time::now();
            let row = match find_named(&self.db, name).await? {
                Some(existing) if existing.removed_at.is_none() => {
                    return Err(ServiceError::Conflict(format!(
                        "there is a host named {name:?} already"
                    )));
                }
                Some(removed) => {
                    let mut row: host::ActiveModel = removed.into();
                    row.removed_at = Set(None);
                    row.token_hash = Set(Some(tokens::hash(&token)));
                    row.token_created_at = Set(Some(now));
                    row.refusal = Set(None);
                    row.update(&self.db).await?
                }
                None => {
                    host::ActiveModel {
                        name: Set(name.to_owned()),
                        local: Set(false),
                        token_hash: Set(Some(tokens::hash(&token))),
                        token_created_at: Set(Some(now)),
                        created_at: Set(now),
                        ..Default::default()
                    }
                    .insert(&self.db)
                    .await?
                }
            };
            self.forget_names();
            info!(host = name, id = row.id, "host added");
            Ok(Enrollment {
                host: self.view(row),
                token,
            })
        }
        .await;
        self.audit
            .record(actor, "addHost", Some(name.to_owned()), &result, None)
            .await;
        result
    }

    async fn agent_host(&self, id: i64) -> ServiceResult<host::Model> {
        let row = host::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .filter(|h| h.removed_at.is_none())
            .ok_or_else(|| ServiceError::NotFound(format!("there is no host {id}")))?;
        if row.local {
            return Err(ServiceError::BadInput(
                "the local host has no agent token".to_owned(),
            ));
        }
        Ok(row)
    }

    /// Gives a host a new agent token; the old one stops working at once.
    pub async fn rotate(&self, actor: &Actor, id: i64) -> ServiceResult<Enrollment> {
        let result = async {
            let row = self.agent_host(id).await?;
            let token = tokens::generate(AGENT_PREFIX);
            let mut active: host::ActiveModel = row.into();
            active.token_hash = Set(Some(tokens::hash(&token)));
            active.token_created_at = Set(Some(crate::time::now()));
            let row = active.update(&self.db).await?;
            self.disconnect(id).await;
            Ok(Enrollment {
                host: self.view(row),
                token,
            })
        }
        .await;
        self.audit
            .record(
                actor,
                "rotateAgentToken",
                Some(id.to_string()),
                &result,
                None,
            )
            .await;
        result
    }

    /// Removes a host: its token stops working and its agent is
    /// disconnected; its archived bans stay.
    pub async fn remove(&self, actor: &Actor, id: i64) -> ServiceResult<bool> {
        let result = async {
            let row = self.agent_host(id).await?;
            let mut active: host::ActiveModel = row.into();
            active.token_hash = Set(None);
            active.removed_at = Set(Some(crate::time::now()));
            active.update(&self.db).await?;
            self.disconnect(id).await;
            Ok(true)
        }
        .await;
        self.audit
            .record(actor, "removeHost", Some(id.to_string()), &result, None)
            .await;
        result
    }

    /// The host an agent token belongs to.
    pub async fn authenticate(&self, token: &str) -> ServiceResult<HostRef> {
        let refused = || ServiceError::Unauthenticated("unknown or revoked agent token".into());
        if !token.starts_with(AGENT_PREFIX) {
            return Err(refused());
        }
        let row = host::Entity::find()
            .filter(host::Column::TokenHash.eq(tokens::hash(token)))
            .filter(host::Column::RemovedAt.is_null())
            .one(&self.db)
            .await?
            .ok_or_else(refused)?;
        Ok(HostRef {
            id: row.id,
            name: row.name,
        })
    }

    /// Records what a connecting agent said of itself, or why it was refused.
    pub async fn record_hello(
        &self,
        host: &HostRef,
        agent_version: &str,
        fail2ban_version: Option<&str>,
        refusal: Option<&str>,
    ) -> ServiceResult<()> {
        host::Entity::update_many()
            .col_expr(host::Column::AgentVersion, agent_version.into())
            .col_expr(
                host::Column::Fail2banVersion,
                fail2ban_version.map(str::to_owned).into(),
            )
            .col_expr(host::Column::Refusal, refusal.map(str::to_owned).into())
            .col_expr(host::Column::LastSeenAt, crate::time::now().into())
            .filter(host::Column::Id.eq(host.id))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    /// Notes that the host's agent was heard from now.
    pub async fn seen(&self, host: &HostRef) -> ServiceResult<()> {
        host::Entity::update_many()
            .col_expr(host::Column::LastSeenAt, crate::time::now().into())
            .filter(host::Column::Id.eq(host.id))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    /// The service of one host's fail2ban, for a change: the named host, or
    /// with no name the local host.
    pub async fn for_write(&self, name: Option<&str>) -> ServiceResult<Fail2banService> {
        match name {
            None => Ok(self.local.clone()),
            Some(name) => {
                let host = self
                    .by_name(name)
                    .await?
                    .ok_or_else(|| ServiceError::NotFound(format!("there is no host {name:?}")))?;
                Ok(self.service(&host.host))
            }
        }
    }

    /// The service of host `id`; `None` once it is removed.
    pub async fn for_id(&self, id: i64) -> ServiceResult<Option<Fail2banService>> {
        if id == host::LOCAL_HOST_ID {
            return Ok(Some(self.local.clone()));
        }
        Ok(self.by_id(id).await?.map(|h| self.service(&h.host)))
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
        self.local
            .for_host(host, client.clone(), client.clone(), client)
    }

    /// Archives bans an agent sent; returns how many were new. A ban whose
    /// address or jail is not one fail2ban could hold is left out (and
    /// logged): an agent's word is checked like any other input.
    pub async fn ingest(&self, host: &HostRef, bans: &[QueuedBan]) -> ServiceResult<u64> {
        let (bans, refused): (Vec<&QueuedBan>, Vec<&QueuedBan>) = bans.iter().partition(|b| {
            crate::validate::jail_name(&b.jail).is_ok()
                && crate::validate::network(&b.ip).is_ok()
                && b.ban_time >= -1
        });
        if let Some(first) = refused.first() {
            tracing::warn!(
                host = %host.name,
                refused = refused.len(),
                jail = %crate::validate::clip(&first.jail, 64),
                ip = %crate::validate::clip(&first.ip, 64),
                "an agent sent bans no fail2ban could hold; left out"
            );
        }
        let addresses: Vec<std::net::IpAddr> =
            bans.iter().filter_map(|b| b.ip.parse().ok()).collect();
        let countries = self.local.geo().countries(&addresses).await;
        let rows: Vec<NewBan> = bans
            .iter()
            .map(|b| NewBan {
                country_code: b
                    .ip
                    .parse()
                    .ok()
                    .and_then(|ip: std::net::IpAddr| countries.get(&ip).cloned().flatten()),
                ip: b.ip.clone(),
                jail: b.jail.clone(),
                banned_at: b.time_of_ban,
                ban_time: b.ban_time,
                ban_count: i32::try_from(b.ban_count).unwrap_or(i32::MAX),
                origin: Origin::Fail2ban,
                source_id: None,
                host_id: host.id,
            })
            .collect();
        let archived = archive::record_bans(&self.db, &rows).await?;
        if archived > 0 {
            self.local.wake();
        }
        Ok(archived)
    }
}

async fn find_named(db: &DatabaseConnection, name: &str) -> ServiceResult<Option<host::Model>> {
    Ok(host::Entity::find()
        .filter(host::Column::Name.eq(name))
        .one(db)
        .await?)
}
