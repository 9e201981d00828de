//! Banning and unbanning through fail2ban, each ban and unban written to the
//! archive (with its intent noted first, so an interruption loses no origin).

use std::net::IpAddr;

use bangui_fail2ban::JailSetting;
use bangui_fail2ban::db::BanRow;
use ipnet::IpNet;
use tracing::{info, instrument};

use super::fail2ban::{Fail2banService, jail_error};
use crate::archive::{self, NewBan, Origin};
use crate::error::ServiceResult;
use crate::validate;

/// Addresses per `banip` command: fail2ban runs its action once per address
/// (about 4.5 ms each with the dummy action), so 200 hold its socket for about
/// a second, and the GUI's own calls wait no longer than that.
pub const BAN_BATCH: usize = 200;

/// What a single ban did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BanOutcome {
    pub jail: String,
    pub ip: String,
    pub already_banned: bool,
}

/// What BanGUI keeps with a ban made through it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BanNote {
    pub reason: Option<String>,
    pub banned_by: Option<String>,
    /// The ban's own length in seconds, which BanGUI lifts it after
    /// (`timed_unban`); the jail's banTime when `None`.
    pub duration: Option<i64>,
}

/// What a bulk ban did.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct BulkBanOutcome {
    pub jail: String,
    pub banned: i64,
    pub already_banned: i64,
    pub invalid: Vec<String>,
}

impl Fail2banService {
    /// Bans one address or network and archives it with origin MANUAL and
    /// its note.
    #[instrument(skip_all, fields(jail = %jail, ip = %target))]
    pub async fn ban(
        &self,
        jail: &str,
        target: IpNet,
        note: &BanNote,
    ) -> ServiceResult<BanOutcome> {
        let (newly, _) = self.ban_noted(jail, &[target], note).await?;
        info!(already_banned = newly == 0, "manual ban");
        Ok(BanOutcome {
            jail: jail.to_owned(),
            ip: bangui_fail2ban::target(&target),
            already_banned: newly == 0,
        })
    }

    /// Bans checked targets with origin MANUAL and `note`; returns how many
    /// were new and how many were banned already.
    pub async fn ban_noted(
        &self,
        jail: &str,
        targets: &[IpNet],
        note: &BanNote,
    ) -> ServiceResult<(i64, i64)> {
        self.require_jail(jail).await?;
        if let Some(duration) = note.duration {
            let ban_time = self.setting(jail, JailSetting::BanTime).await?;
            let fits = if ban_time == -1 {
                duration == -1 || (1..=validate::MAX_BAN_SECS).contains(&duration)
            } else {
                (1..=ban_time).contains(&duration)
            };
            if !fits {
                return Err(crate::ServiceError::BadInput(format!(
                    "duration must be between 1 and jail {jail}'s banTime ({ban_time} s), since fail2ban lifts its bans then; not {duration}"
                )));
            }
        }
        self.ban_in_batches(jail, targets, Origin::Manual, None, Some(note))
            .await
    }

    /// Bans checked addresses and networks (a blocklist's) in batches; returns
    /// how many were new and how many were banned already.
    #[instrument(skip_all, fields(jail = %jail, count = targets.len()))]
    pub async fn ban_targets(
        &self,
        jail: &str,
        targets: &[IpNet],
        origin: Origin,
        source_id: Option<i64>,
    ) -> ServiceResult<(i64, i64)> {
        self.require_jail(jail).await?;
        self.ban_in_batches(jail, targets, origin, source_id, None)
            .await
    }

    async fn ban_in_batches(
        &self,
        jail: &str,
        targets: &[IpNet],
        origin: Origin,
        source_id: Option<i64>,
        note: Option<&BanNote>,
    ) -> ServiceResult<(i64, i64)> {
        let (mut banned, mut already) = (0, 0);
        for batch in targets.chunks(BAN_BATCH) {
            let newly = self.ban_batch(jail, batch, origin, source_id, note).await?;
            banned += newly;
            already += batch.len() as i64 - newly;
        }
        Ok((banned, already))
    }

    /// One multi-address `banip` plus the archive rows; returns how many were new.
    /// A network's country is its first address's.
    async fn ban_batch(
        &self,
        jail: &str,
        targets: &[IpNet],
        origin: Origin,
        source_id: Option<i64>,
        note: Option<&BanNote>,
    ) -> ServiceResult<i64> {
        let ban_time = match note.and_then(|n| n.duration) {
            Some(duration) => duration,
            None => self.setting(jail, JailSetting::BanTime).await?,
        };
        let now = crate::time::now();
        // fail2ban's database says which were banned already; when it cannot be
        // read, the count fail2ban returns decides whether anything is archived.
        let texts: Vec<String> = targets.iter().map(bangui_fail2ban::target).collect();
        let before = self.reads.banned_among(jail, &texts, now).await.ok();
        let fresh: Vec<String> = texts
            .iter()
            .filter(|text| before.as_ref().is_none_or(|b| !b.contains(*text)))
            .cloned()
            .collect();
        // Noted first: if this is interrupted after fail2ban bans, the sync
        // still archives the bans under their origin.
        crate::intent::declare(&self.db, jail, &fresh, origin, source_id).await?;
        let newly = self
            .client
            .ban(jail, targets)
            .await
            .map_err(|e| jail_error(e, jail))?;
        if newly == 0 {
            crate::intent::settle(&self.db, jail, &fresh).await?;
            return Ok(0);
        }
        let firsts: Vec<IpAddr> = targets.iter().map(IpNet::network).collect();
        let countries = self.geo.countries(&firsts).await;
        let rows: Vec<NewBan> = targets
            .iter()
            .zip(texts)
            .filter(|(_, text)| before.as_ref().is_none_or(|b| !b.contains(text)))
            .map(|(net, ip)| NewBan {
                country_code: countries.get(&net.network()).cloned().flatten(),
                ip,
                jail: jail.to_owned(),
                banned_at: now,
                ban_time,
                ban_count: 1,
                origin,
                source_id,
                host_id: self.host.id,
            })
            .collect();
        archive::record_bans(&self.db, &rows).await?;
        if let Some(note) = note {
            if note.reason.is_some() || note.banned_by.is_some() {
                archive::note_bans(
                    &self.db,
                    self.host.id,
                    jail,
                    &fresh,
                    now,
                    note.reason.as_deref(),
                    note.banned_by.as_deref(),
                )
                .await?;
            }
            if let Some(duration) = note.duration.filter(|d| *d > 0) {
                crate::bans::timed::schedule(&self.db, self.host.id, jail, &fresh, now + duration)
                    .await?;
            }
        }
        self.written.notify();
        crate::intent::settle(&self.db, jail, &fresh).await?;
        Ok(newly)
    }

    /// Unbans an address or a network (its network ban) in one jail, or in
    /// every jail where it is banned. Returns the jails it was unbanned from.
    #[instrument(skip_all, fields(ip = %ip))]
    pub async fn unban(&self, ip: &str, jail: Option<&str>) -> ServiceResult<Vec<String>> {
        let target = validate::network(ip)?;
        let jails = match jail {
            Some(jail) => {
                self.require_jail(jail).await?;
                vec![jail.to_owned()]
            }
            None => self.banned_in(target).await?,
        };
        let mut unbanned = Vec::new();
        for jail in jails {
            if self.unban_target(&jail, target, Origin::Manual).await? {
                unbanned.push(jail);
            }
        }
        info!(jails = ?unbanned, "manual unban");
        Ok(unbanned)
    }

    /// The jails where an address, or a network's own ban, is banned now.
    pub async fn banned_in(&self, target: IpNet) -> ServiceResult<Vec<String>> {
        if target.prefix_len() == target.max_prefix_len() {
            return Ok(self.client.banned_in(target.addr()).await?);
        }
        let text = bangui_fail2ban::target(&target);
        let mut jails: Vec<String> = self
            .reader
            .current_bans(None, crate::time::now())
            .await?
            .into_iter()
            .filter(|row| row.ip == text)
            .map(|row| row.jail)
            .collect();
        jails.sort();
        jails.dedup();
        Ok(jails)
    }

    /// fail2ban's active network bans that contain `target` (an address, or
    /// a smaller network), the target's own ban left out.
    pub async fn covering(&self, target: IpNet) -> ServiceResult<Vec<BanRow>> {
        let rows = self.reads.current_bans(None, crate::time::now()).await?;
        Ok(rows
            .into_iter()
            .filter(|row| {
                row.ip.parse::<IpNet>().is_ok_and(|net| {
                    net.prefix_len() < net.max_prefix_len()
                        && net != target
                        && net.contains(&target)
                })
            })
            .collect())
    }

    /// Unbans an address or network in a jail and archives the unban; returns
    /// whether it was banned.
    pub async fn unban_target(
        &self,
        jail: &str,
        target: IpNet,
        origin: Origin,
    ) -> ServiceResult<bool> {
        let count = self
            .client
            .unban(jail, &[target])
            .await
            .map_err(|e| jail_error(e, jail))?;
        if count > 0 {
            archive::record_unban(
                &self.db,
                self.host.id,
                jail,
                &bangui_fail2ban::target(&target),
                crate::time::now(),
                origin,
            )
            .await?;
            self.written.notify();
        }
        Ok(count > 0)
    }
}
