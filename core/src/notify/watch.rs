//! The triggers a clock drives, run every few seconds by one instance:
//! bursts (at least `threshold` matching bans within `windowMinutes`, told
//! once per window), digests (a summary of each period once it ends),
//! blocklist imports that failed, and fail2ban going down or coming back.

use std::collections::BTreeMap;

use entity::kinds::{EventKind, ImportStatus};
use entity::{ban_history, blocklist_source, import_run};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};

use super::deliveries::NewDelivery;
use super::digest;
use super::kinds::{DigestPeriod, Rule, Trigger};
use super::message::{Message, thousands};
use super::service::NotifyService;
use crate::error::ServiceResult;

/// Checks in a row that find a fail2ban down before it is told.
const DOWN_AFTER: u32 = 2;
/// Outages kept for the digests.
const OUTAGES_KEPT: usize = 1_000;
const STATE_KEY: &str = "notify.watch";

/// Whether a host's fail2ban answers now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostState {
    pub name: String,
    pub up: bool,
}

/// What the watch remembers between runs, in the `setting` table.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Watched {
    /// Per host: told as down, and checks in a row that found it down.
    hosts: BTreeMap<String, (bool, u32)>,
    /// The newest import run looked at; `None` before the first look.
    import_cursor: Option<i64>,
    /// When each host's fail2ban went down, newest last.
    outages: Vec<(String, i64)>,
}

impl NotifyService {
    /// Runs the clock's triggers at `now`, `hosts` being each host's state.
    pub async fn watch(&self, now: i64, hosts: &[HostState]) -> ServiceResult<()> {
        let rules: Vec<Rule> = self
            .rules()
            .await?
            .into_iter()
            .filter(|r| r.row.enabled)
            .collect();
        let mut watched: Watched = crate::settings::get(&self.db, STATE_KEY)
            .await?
            .unwrap_or_default();
        for rule in &rules {
            match rule.trigger {
                Trigger::Burst => self.burst(rule, now).await?,
                Trigger::Digest => self.digest(rule, now, &watched.outages).await?,
                _ => {}
            }
        }
        self.hosts_changed(&rules, now, hosts, &mut watched).await?;
        self.failed_imports(&rules, now, &mut watched).await?;
        crate::settings::put(&self.db, STATE_KEY, &watched).await?;
        self.requeue_stuck(now).await?;
        Ok(())
    }

    async fn burst(&self, rule: &Rule, now: i64) -> ServiceResult<()> {
        let (Some(threshold), Some(minutes)) = (rule.row.threshold, rule.row.window_minutes) else {
            return Ok(());
        };
        let window = minutes * 60;
        let index = now / window;
        let keys: Vec<(i64, String)> = rule
            .channel_ids
            .iter()
            .map(|c| (*c, format!("burst:{}:{c}:{index}", rule.row.id)))
            .collect();
        if keys.iter().all(|(_, key)| self.known(key)) {
            return Ok(());
        }
        let bans = self
            .matching(rule, EventKind::Ban)
            .await?
            .filter(ban_history::Column::At.gt(now - window))
            .filter(ban_history::Column::At.lte(now));
        let count = bans.clone().count(&self.db).await?;
        if count < u64::try_from(threshold).unwrap_or(u64::MAX) {
            return Ok(());
        }
        let first = bans
            .order_by_asc(ban_history::Column::At)
            .one(&self.db)
            .await?;
        let scope = scope(rule);
        let mut message = Message::new(
            Trigger::Burst,
            now,
            format!("Burst: {} bans{scope}", thousands(count)),
            format!(
                "{} bans{scope} within {minutes} minutes (the rule {:?} fires at {}).",
                thousands(count),
                rule.row.name,
                thousands(u64::try_from(threshold).unwrap_or(0))
            ),
        );
        message.count = count;
        message.fields.insert("threshold".into(), threshold.into());
        message
            .fields
            .insert("windowMinutes".into(), minutes.into());
        if let Some(first) = first {
            message.fields.insert("ip".into(), first.ip.into());
        }
        for (channel, key) in keys {
            self.tell(rule, channel, key, Trigger::Burst, now, message.clone())
                .await?;
        }
        Ok(())
    }

    async fn digest(&self, rule: &Rule, now: i64, outages: &[(String, i64)]) -> ServiceResult<()> {
        let Some(period) = rule
            .row
            .period
            .as_deref()
            .and_then(|p| p.parse::<DigestPeriod>().ok())
        else {
            return Ok(());
        };
        let length = digest::length(period);
        let end = now - now.rem_euclid(length);
        let start = end - length;
        // Only periods that ended after the rule was made.
        if end <= rule.row.created_at {
            return Ok(());
        }
        let keys: Vec<(i64, String)> = rule
            .channel_ids
            .iter()
            .map(|c| (*c, format!("digest:{}:{c}:{start}", rule.row.id)))
            .collect();
        if keys.iter().all(|(_, key)| self.known(key)) {
            return Ok(());
        }
        let down = outages
            .iter()
            .filter(|(_, at)| (start..end).contains(at))
            .count();
        let message = self.summary(rule, period, start, end, down).await?;
        for (channel, key) in keys {
            self.tell(rule, channel, key, Trigger::Digest, end, message.clone())
                .await?;
        }
        Ok(())
    }

    async fn hosts_changed(
        &self,
        rules: &[Rule],
        now: i64,
        hosts: &[HostState],
        watched: &mut Watched,
    ) -> ServiceResult<()> {
        for host in hosts {
            let (told_down, misses) = watched.hosts.get(&host.name).copied().unwrap_or((false, 0));
            let (told_down, misses, trigger) = match (host.up, told_down) {
                (true, true) => (false, 0, Some(Trigger::Fail2banUp)),
                (true, false) => (false, 0, None),
                (false, true) => (true, misses.saturating_add(1), None),
                (false, false) if misses + 1 >= DOWN_AFTER => {
                    (true, misses + 1, Some(Trigger::Fail2banDown))
                }
                (false, false) => (false, misses + 1, None),
            };
            watched.hosts.insert(host.name.clone(), (told_down, misses));
            let Some(trigger) = trigger else {
                continue;
            };
            if trigger == Trigger::Fail2banDown {
                watched.outages.push((host.name.clone(), now));
                let excess = watched.outages.len().saturating_sub(OUTAGES_KEPT);
                watched.outages.drain(..excess);
            }
            let (title, text) = if trigger == Trigger::Fail2banDown {
                (
                    format!("fail2ban on {} is down", host.name),
                    format!(
                        "fail2ban on {} does not answer: nothing is banned there until it is back.",
                        host.name
                    ),
                )
            } else {
                (
                    format!("fail2ban on {} is back", host.name),
                    format!("fail2ban on {} answers again.", host.name),
                )
            };
            let mut message = Message::new(trigger, now, title, text);
            message
                .fields
                .insert("host".into(), host.name.clone().into());
            for rule in rules.iter().filter(|r| r.trigger == trigger) {
                if !rule.hosts.is_empty() && !rule.hosts.contains(&host.name) {
                    continue;
                }
                let slot = now / self.slot_secs();
                for &channel in &rule.channel_ids {
                    let key = format!("rule:{}:{channel}:{slot}", rule.row.id);
                    self.tell(rule, channel, key, trigger, now, message.clone())
                        .await?;
                }
            }
        }
        Ok(())
    }

    async fn failed_imports(
        &self,
        rules: &[Rule],
        now: i64,
        watched: &mut Watched,
    ) -> ServiceResult<()> {
        let newest = import_run::Entity::find()
            .order_by_desc(import_run::Column::Id)
            .one(&self.db)
            .await?
            .map_or(0, |r| r.id);
        let Some(cursor) = watched.import_cursor.replace(newest) else {
            return Ok(());
        };
        let failed = import_run::Entity::find()
            .filter(import_run::Column::Id.gt(cursor))
            .filter(import_run::Column::Id.lte(newest))
            .filter(import_run::Column::Status.eq(ImportStatus::Failed))
            .order_by_asc(import_run::Column::Id)
            .all(&self.db)
            .await?;
        if failed.is_empty() {
            return Ok(());
        }
        let sources = blocklist_source::Entity::find().all(&self.db).await?;
        let source = |id: i64| sources.iter().find(|s| s.id == id);
        for rule in rules.iter().filter(|r| r.trigger == Trigger::ImportFailed) {
            let runs: Vec<&import_run::Model> = failed
                .iter()
                .filter(|run| {
                    rule.jails.is_empty()
                        || source(run.source_id).is_some_and(|s| rule.jails.contains(&s.jail))
                })
                .collect();
            let Some(last) = runs.last() else {
                continue;
            };
            let lines: Vec<String> = runs
                .iter()
                .map(|run| {
                    let name =
                        source(run.source_id).map_or("a removed source", |s| s.name.as_str());
                    format!("{name}: {}", run.error.as_deref().unwrap_or("failed"))
                })
                .collect();
            let title = match runs.len() {
                1 => format!(
                    "Blocklist import of {} failed",
                    source(last.source_id).map_or("a removed source", |s| s.name.as_str())
                ),
                n => format!("{n} blocklist imports failed"),
            };
            let mut message = Message::new(Trigger::ImportFailed, now, title, lines.join("\n"));
            message.count = runs.len() as u64;
            message.fields.insert(
                "runs".into(),
                runs.iter().map(|r| r.id).collect::<Vec<_>>().into(),
            );
            for &channel in &rule.channel_ids {
                let key = format!("import:{}:{channel}:{}", rule.row.id, last.id);
                self.tell(
                    rule,
                    channel,
                    key,
                    Trigger::ImportFailed,
                    now,
                    message.clone(),
                )
                .await?;
            }
        }
        Ok(())
    }

    /// Makes a delivery of a composed message, once per key.
    async fn tell(
        &self,
        rule: &Rule,
        channel: i64,
        key: String,
        trigger: Trigger,
        now: i64,
        message: Message,
    ) -> ServiceResult<()> {
        self.remember_told(&key);
        self.make(NewDelivery {
            key,
            channel_id: channel,
            rule_id: Some(rule.row.id),
            trigger,
            due_at: now.min(crate::time::now()),
            message: Some(message),
        })
        .await?;
        Ok(())
    }
}

/// " in sshd from DE" for a rule's filters; "" for none.
fn scope(rule: &Rule) -> String {
    let mut out = String::new();
    if !rule.jails.is_empty() {
        out.push_str(&format!(" in {}", rule.jails.join(", ")));
    }
    if !rule.countries.is_empty() {
        out.push_str(&format!(" from {}", rule.countries.join(", ")));
    }
    if !rule.hosts.is_empty() {
        out.push_str(&format!(" on {}", rule.hosts.join(", ")));
    }
    out
}
