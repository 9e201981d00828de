//! Bans as people make and read them: the archive's or fail2ban's list
//! ([`list`]), and banning or unbanning through fail2ban, each audited.

mod list;

use ipnet::IpNet;

use sea_orm::DatabaseConnection;
use serde_json::json;

use crate::actor::Actor;
use crate::archive::Origin;
use crate::audit::Auditor;
use crate::error::{ServiceError, ServiceResult};
use crate::jails::{BanOutcome, BulkBanOutcome, Fail2banService};
use crate::pagination::{Page, PageRequest};

pub use list::{BanFilter, BanRecord, Source, archive_query, count, list};

/// Most addresses one bulk ban accepts: fail2ban bans a few hundred a second,
/// so this many finish well within a request. Longer lists are imported as a
/// blocklist source, a job with progress.
pub const MAX_BULK: usize = 1_000;

/// Listing, banning and unbanning.
#[derive(Clone)]
pub struct BanService {
    db: DatabaseConnection,
    fail2ban: Fail2banService,
    audit: Auditor,
}

impl BanService {
    pub fn new(db: DatabaseConnection, fail2ban: Fail2banService) -> Self {
        BanService {
            audit: Auditor::new(db.clone()),
            db,
            fail2ban,
        }
    }

    /// One page of the bans `filter` selects.
    pub async fn page(
        &self,
        filter: &BanFilter,
        request: &PageRequest,
    ) -> ServiceResult<Page<BanRecord>> {
        list(&self.db, self.fail2ban.reader(), filter, request).await
    }

    /// How many bans `filter` selects.
    pub async fn count(&self, filter: &BanFilter) -> ServiceResult<u64> {
        count(&self.db, self.fail2ban.reader(), filter).await
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
            .map(list::live_record)
            .collect())
    }

    /// Bans one address in a jail.
    pub async fn ban(&self, actor: &Actor, jail: &str, ip: &str) -> ServiceResult<BanOutcome> {
        let result = self.fail2ban.ban(jail, ip).await;
        self.audit
            .record(actor, "banIp", Some(format!("{jail}/{ip}")), &result, None)
            .await;
        result
    }

    /// Bans up to [`MAX_BULK`] addresses in a jail; invalid entries are
    /// reported, valid ones banned.
    pub async fn ban_many(
        &self,
        actor: &Actor,
        jail: &str,
        ips: &[String],
    ) -> ServiceResult<BulkBanOutcome> {
        let result = if ips.len() > MAX_BULK {
            Err(ServiceError::BadInput(format!(
                "at most {MAX_BULK} addresses per call, not {}; import longer lists as a blocklist source",
                ips.len()
            )))
        } else {
            self.fail2ban
                .ban_many(jail, ips, Origin::Manual, None)
                .await
        };
        let details = result
            .as_ref()
            .ok()
            .map(|o| json!({ "banned": o.banned, "alreadyBanned": o.already_banned, "invalid": o.invalid.len() }));
        self.audit
            .record(
                actor,
                "banIps",
                Some(format!("{jail} ({} addresses)", ips.len())),
                &result,
                details,
            )
            .await;
        result
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
        let target = format!("{}/{ip}", jail.unwrap_or("*"));
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
                }
            }
            Ok(outcome)
        }
        .await;
        let details = result.as_ref().ok().map(|o| {
            json!({ "unbanned": o.unbanned, "notBanned": o.not_banned, "invalid": o.invalid.len() })
        });
        let target = format!("{} ({} addresses)", jail.unwrap_or("*"), ips.len());
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
}
