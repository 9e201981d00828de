//! Ignore entries of one jail and of every jail (the allowlist), and their
//! expiry.

use entity::ignore_entry;
use serde_json::{Value, json};

use super::apply::Reload;
use super::inputs::{IgnoreEntry, MAX_COMMENT, NewIgnore};
use super::service::{ConfigService, Write, same};
use super::stored::Stored;
use crate::actor::Actor;
use crate::audit::changes;
use crate::error::{ServiceError, ServiceResult};
use crate::jails::JailState;
use crate::validate;

impl ConfigService {
    /// Adds an address or network to a jail's ignore list, for good.
    pub async fn add_ignore(
        &self,
        actor: &Actor,
        jail: &str,
        entry: NewIgnore,
    ) -> ServiceResult<JailState> {
        let mut recorded = Vec::new();
        let given = entry.network.trim().to_owned();
        let result = async {
            self.require_jail(jail).await?;
            self.add_entry(
                actor,
                jail,
                entry,
                Reload::Jail(jail.to_owned()),
                &mut recorded,
            )
            .await?;
            self.state(jail).await
        }
        .await;
        let details = changes([("ignoreIp", Value::Null, json!(given))]);
        self.finish(
            actor,
            "addIgnoreIp",
            format!("{jail}/{given}"),
            result,
            details,
            recorded,
        )
        .await
    }

    /// Removes an entry BanGUI added from a jail's ignore list.
    pub async fn remove_ignore(
        &self,
        actor: &Actor,
        jail: &str,
        network: &str,
    ) -> ServiceResult<JailState> {
        let mut recorded = Vec::new();
        let given = network.trim().to_owned();
        let result = async {
            self.require_jail(jail).await?;
            let net = validate::network(network)?;
            let stored = Stored::load(&self.db, &self.host).await?;
            if !stored.entries(jail).iter().any(|e| same(&e.network, &net)) {
                let running = self.fail2ban.ignore_ips(jail).await.unwrap_or_default();
                if running.iter().any(|r| same(r, &net)) {
                    return Err(ServiceError::BadInput(format!(
                        "{} is set by fail2ban's own files or the allowlist; BanGUI changes only the entries it added to this jail",
                        network.trim()
                    )));
                }
            }
            self.remove_entry(actor, jail, network, Reload::Jail(jail.to_owned()), &mut recorded).await?;
            self.state(jail).await
        }
        .await;
        let details = changes([("ignoreIp", json!(given), Value::Null)]);
        self.finish(
            actor,
            "removeIgnoreIp",
            format!("{jail}/{given}"),
            result,
            details,
            recorded,
        )
        .await
    }

    /// Adds an entry every jail ignores.
    pub async fn add_allowlist(
        &self,
        actor: &Actor,
        entry: NewIgnore,
    ) -> ServiceResult<IgnoreEntry> {
        let mut recorded = Vec::new();
        let given = entry.network.trim().to_owned();
        let result = async {
            let net = validate::network(&given)?;
            self.add_entry(
                actor,
                ignore_entry::ALLOWLIST,
                entry,
                Reload::All,
                &mut recorded,
            )
            .await?;
            let stored = Stored::load(&self.db, &self.host).await?;
            stored
                .entries(ignore_entry::ALLOWLIST)
                .into_iter()
                .find(|e| same(&e.network, &net))
                .map(IgnoreEntry::from)
                .ok_or_else(|| ServiceError::invariant("an added allowlist entry is not stored"))
        }
        .await;
        let details = changes([("allowlist", Value::Null, json!(given))]);
        self.finish(actor, "addAllowlistEntry", given, result, details, recorded)
            .await
    }

    /// Removes an allowlist entry.
    pub async fn remove_allowlist(&self, actor: &Actor, network: &str) -> ServiceResult<()> {
        let mut recorded = Vec::new();
        let given = network.trim().to_owned();
        let result = self
            .remove_entry(
                actor,
                ignore_entry::ALLOWLIST,
                network,
                Reload::All,
                &mut recorded,
            )
            .await;
        let details = changes([("allowlist", json!(given), Value::Null)]);
        self.finish(
            actor,
            "removeAllowlistEntry",
            given,
            result,
            details,
            recorded,
        )
        .await
    }

    /// Removes the ignore entries whose time is up; returns how many.
    pub async fn remove_expired(&self, now: i64) -> ServiceResult<usize> {
        let mut recorded = Vec::new();
        let actor = Actor::system();
        let stored = Stored::load(&self.db, &self.host).await?;
        let expired: Vec<ignore_entry::Model> = stored
            .ignores
            .iter()
            .filter(|e| e.expires_at.is_some_and(|at| at <= now))
            .cloned()
            .collect();
        if expired.is_empty() {
            return Ok(0);
        }
        let reload = match expired
            .iter()
            .map(|e| e.section.as_str())
            .collect::<Vec<_>>()
            .as_slice()
        {
            [one, rest @ ..]
                if *one != ignore_entry::ALLOWLIST && rest.iter().all(|s| s == one) =>
            {
                Reload::Jail((*one).to_owned())
            }
            _ => Reload::All,
        };
        let ids: Vec<i64> = expired.iter().map(|e| e.id).collect();
        let result = self
            .change(&actor, reload, &mut recorded, |stored| {
                stored.ignores.retain(|e| !ids.contains(&e.id));
                Ok(vec![Write::DropIgnores(ids.clone())])
            })
            .await;
        let networks: Vec<String> = expired
            .iter()
            .map(|e| format!("{}/{}", e.section, e.network))
            .collect();
        self.finish(
            &actor,
            "removeExpiredIgnores",
            networks.join(" "),
            result,
            None,
            recorded,
        )
        .await?;
        Ok(expired.len())
    }

    pub(super) async fn add_entry(
        &self,
        actor: &Actor,
        section: &str,
        entry: NewIgnore,
        reload: Reload,
        recorded: &mut Vec<i64>,
    ) -> ServiceResult<()> {
        let net = validate::network(&entry.network)?;
        let comment = entry
            .comment
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty());
        if comment.as_ref().is_some_and(|c| c.len() > MAX_COMMENT) {
            return Err(ServiceError::BadInput(format!(
                "comment is at most {MAX_COMMENT} bytes"
            )));
        }
        let now = crate::time::now();
        if entry.expires_at.is_some_and(|at| at <= now) {
            return Err(ServiceError::BadInput(
                "expiresAt must be in the future".into(),
            ));
        }
        let row = ignore_entry::Model {
            id: 0,
            host: self.host.clone(),
            section: section.to_owned(),
            network: bangui_fail2ban::target(&net),
            comment,
            expires_at: entry.expires_at,
            added_by: Some(actor.name.clone()),
            added_at: now,
        };
        self.change(actor, reload, recorded, |stored| {
            if stored
                .entries(section)
                .iter()
                .any(|e| same(&e.network, &net))
            {
                return Err(ServiceError::Conflict(format!(
                    "{} is on the list already",
                    row.network
                )));
            }
            stored.ignores.push(row.clone());
            Ok(vec![Write::Ignore(row)])
        })
        .await
    }

    pub(super) async fn remove_entry(
        &self,
        actor: &Actor,
        section: &str,
        network: &str,
        reload: Reload,
        recorded: &mut Vec<i64>,
    ) -> ServiceResult<()> {
        let net = validate::network(network)?;
        self.change(actor, reload, recorded, |stored| {
            let ids: Vec<i64> = stored
                .entries(section)
                .iter()
                .filter(|e| same(&e.network, &net))
                .map(|e| e.id)
                .collect();
            if ids.is_empty() {
                let place = if section == ignore_entry::ALLOWLIST {
                    "the allowlist".to_owned()
                } else {
                    format!("the ignore list of jail {section}")
                };
                return Err(ServiceError::NotFound(format!(
                    "{} is not on {place}",
                    network.trim()
                )));
            }
            stored.ignores.retain(|e| !ids.contains(&e.id));
            Ok(vec![Write::DropIgnores(ids)])
        })
        .await
    }
}
