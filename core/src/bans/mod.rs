//! Bans as people make and read them: the archive's or fail2ban's list
//! ([`list`]), and banning or unbanning through fail2ban, each audited.

pub mod export;
mod guard;
mod list;
pub mod timed;

use std::net::IpAddr;

use ipnet::IpNet;

use sea_orm::DatabaseConnection;
use serde_json::json;

use crate::actor::Actor;
use crate::audit::Auditor;
use crate::error::{ServiceError, ServiceResult};
use crate::jails::{BanNote, BanOutcome, BulkBanOutcome, Fail2banService};
use crate::pagination::{Page, PageRequest};
use crate::validate;

pub use guard::{LockoutGuard, server_addresses};
pub use list::{BanFilter, BanRecord, Live, Source, archive_query, count, list};

/// Most addresses one bulk ban accepts: fail2ban bans a few hundred a second,
/// so this many finish well within a request. Longer lists are imported as a
/// blocklist source, a job with progress.
pub const MAX_BULK: usize = 1_000;

/// Longest reason kept with a ban, in bytes.
pub const MAX_REASON: usize = 500;

/// A manual ban as asked for.
#[derive(Clone, Debug)]
pub struct BanRequest<'a> {
    pub jail: &'a str,
    /// Ban even what the lockout guard refuses.
    pub force: bool,
    pub reason: Option<String>,
    /// Seconds; the jail's banTime when `None`.
    pub duration: Option<i64>,
    /// The address the request came from.
    pub caller: Option<IpAddr>,
}

impl BanRequest<'_> {
    fn note(&self, actor: &Actor) -> ServiceResult<BanNote> {
        let reason = self
            .reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_owned);
        if reason.as_ref().is_some_and(|r| r.len() > MAX_REASON) {
            return Err(ServiceError::BadInput(format!(
                "reason is at most {MAX_REASON} bytes"
            )));
        }
        Ok(BanNote {
            reason,
            banned_by: Some(actor.name.clone()),
            duration: self.duration,
        })
    }

    fn details(&self) -> Option<serde_json::Value> {
        let mut details = serde_json::Map::new();
        if let Some(reason) = &self.reason {
            details.insert("reason".into(), json!(reason));
        }
        if let Some(duration) = self.duration {
            details.insert("duration".into(), json!(duration));
        }
        if self.force {
            details.insert("force".into(), json!(true));
        }
        (!details.is_empty()).then_some(serde_json::Value::Object(details))
    }
}

/// Listing, banning and unbanning.
#[derive(Clone)]
pub struct BanService {
    db: DatabaseConnection,
    fail2ban: Fail2banService,
    /// The hosts whose bans in force are listed; empty: `fail2ban`'s.
    live_hosts: Vec<Fail2banService>,
    audit: Auditor,
    guard: LockoutGuard,
}

impl BanService {
    pub fn new(db: DatabaseConnection, fail2ban: Fail2banService, guard: LockoutGuard) -> Self {
        BanService {
            audit: Auditor::new(db.clone()),
            db,
            fail2ban,
            live_hosts: Vec::new(),
            guard,
        }
    }

    /// One page of the bans `filter` selects.
    pub async fn page(
        &self,
        filter: &BanFilter,
        request: &PageRequest,
    ) -> ServiceResult<Page<BanRecord>> {
        list(&self.db, &self.live(), filter, request).await
    }

    /// The fail2ban databases the bans in force are read from.
    fn live(&self) -> Vec<Live<'_>> {
        let hosts = if self.live_hosts.is_empty() {
            std::slice::from_ref(&self.fail2ban)
        } else {
            &self.live_hosts[..]
        };
        hosts
            .iter()
            .map(|host| Live {
                reads: host.reads().as_ref(),
                host_id: host.host().id,
            })
            .collect()
    }

    /// The same service on another host's fail2ban.
    pub fn on(&self, fail2ban: Fail2banService) -> BanService {
        BanService {
            fail2ban,
            live_hosts: Vec::new(),
            ..self.clone()
        }
    }

    /// The same service listing the bans in force of every one of `hosts`.
    pub fn reading(&self, hosts: Vec<Fail2banService>) -> BanService {
        BanService {
            live_hosts: hosts,
            ..self.clone()
        }
    }

    /// The host this service bans on.
    pub fn host(&self) -> &crate::jails::HostRef {
        self.fail2ban.host()
    }

    /// An audit target, with the host when it is not the local one.
    fn target(&self, what: String) -> String {
        self.fail2ban.host().target(&what)
    }

    /// How many bans `filter` selects.
    pub async fn count(&self, filter: &BanFilter) -> ServiceResult<u64> {
        count(&self.db, &self.live(), filter).await
    }

    /// The jails where an address, or a network's own ban, is banned now.
    pub async fn banned_in(&self, target: IpNet) -> ServiceResult<Vec<String>> {
        self.fail2ban.banned_in(target).await
    }

    /// Active network bans that contain `target`, as fail2ban lists them.
    pub async fn covering(&self, target: IpNet) -> ServiceResult<Vec<BanRecord>> {
        Ok(self
            .fail2ban
            .covering(target)
            .await?
            .into_iter()
            .map(|row| list::live_record(row, self.fail2ban.host().id))
            .collect())
    }

    /// Bans one address or network in a jail, after the lockout guard.
    pub async fn ban(
        &self,
        actor: &Actor,
        request: &BanRequest<'_>,
        ip: &str,
    ) -> ServiceResult<BanOutcome> {
        let result = async {
            let target = validate::bannable_target(ip)?;
            self.guarded(&[target], request).await?;
            self.fail2ban
                .ban(request.jail, target, &request.note(actor)?)
                .await
        }
        .await;
        let details = request.details();
        self.audit
            .record(
                actor,
                "banIp",
                Some(self.target(format!("{}/{}", request.jail, ip.trim()))),
                &result,
                details,
            )
            .await;
        result
    }

    /// Bans up to [`MAX_BULK`] addresses or networks in a jail; invalid
    /// entries are reported, valid ones banned, unless one would lock out.
    pub async fn ban_many(
        &self,
        actor: &Actor,
        request: &BanRequest<'_>,
        ips: &[String],
    ) -> ServiceResult<BulkBanOutcome> {
        let result = async {
            if ips.len() > MAX_BULK {
                return Err(ServiceError::BadInput(format!(
                    "at most {MAX_BULK} addresses per call, not {}; import longer lists as a blocklist source",
                    ips.len()
                )));
            }
            let (targets, repeated, invalid) = validate::bannable_targets(ips);
            self.guarded(&targets, request).await?;
            let (banned, already) = self
                .fail2ban
                .ban_noted(request.jail, &targets, &request.note(actor)?)
                .await?;
            Ok(BulkBanOutcome {
                jail: request.jail.to_owned(),
                banned,
                already_banned: repeated + already,
                invalid,
            })
        }
        .await;
        let details = result.as_ref().ok().map(|o| {
            let mut details = json!({ "banned": o.banned, "alreadyBanned": o.already_banned, "invalid": o.invalid.len() });
            if let (Some(extra), Some(map)) = (request.details(), details.as_object_mut()) {
                map.extend(extra.as_object().cloned().unwrap_or_default());
            }
            details
        });
        self.audit
            .record(
                actor,
                "banIps",
                Some(self.target(format!("{} ({} addresses)", request.jail, ips.len()))),
                &result,
                details,
            )
            .await;
        result
    }

    async fn guarded(&self, targets: &[IpNet], request: &BanRequest<'_>) -> ServiceResult<()> {
        if request.force {
            return Ok(());
        }
        self.guard.check(targets, request.caller).await
    }

    /// Unbans an address or a network in one jail, or in every jail where it
    /// is banned; returns the jails it was unbanned from.
    pub async fn unban(
        &self,
        actor: &Actor,
        ip: &str,
        jail: Option<&str>,
    ) -> ServiceResult<Vec<String>> {
        let result = self.fail2ban.unban(ip, jail).await;
        let target = self.target(format!("{}/{ip}", jail.unwrap_or("*")));
        self.audit
            .record(actor, "unbanIp", Some(target), &result, None)
            .await;
        result
    }

    /// Unbans up to [`MAX_BULK`] addresses or networks, in one jail or in
    /// every jail where each is banned; invalid entries are reported.
    pub async fn unban_many(
        &self,
        actor: &Actor,
        ips: &[String],
        jail: Option<&str>,
    ) -> ServiceResult<BulkUnbanOutcome> {
        let result = async {
            if ips.len() > MAX_BULK {
                return Err(ServiceError::BadInput(format!(
                    "at most {MAX_BULK} addresses per call, not {}",
                    ips.len()
                )));
            }
            let mut outcome = BulkUnbanOutcome::default();
            for ip in ips {
                if crate::validate::network(ip).is_err() {
                    outcome.invalid.push(ip.clone());
                    continue;
                }
                if self.fail2ban.unban(ip, jail).await?.is_empty() {
                    outcome.not_banned += 1;
                } else {
                    outcome.unbanned += 1;
                    outcome.lifted.push(ip.clone());
                }
            }
            Ok(outcome)
        }
        .await;
        let details = result.as_ref().ok().map(|o| {
            json!({ "unbanned": o.unbanned, "notBanned": o.not_banned, "invalid": o.invalid.len() })
        });
        let target = self.target(format!("{} ({} addresses)", jail.unwrap_or("*"), ips.len()));
        self.audit
            .record(actor, "unbanIps", Some(target), &result, details)
            .await;
        result
    }
}

/// What a bulk unban did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BulkUnbanOutcome {
    /// Entries lifted in at least one jail.
    pub unbanned: i64,
    /// Valid entries banned nowhere (or not in the jail given).
    pub not_banned: i64,
    pub invalid: Vec<String>,
    /// The entries lifted, as given.
    pub lifted: Vec<String>,
}
