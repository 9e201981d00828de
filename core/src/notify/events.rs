//! Archived events into deliveries. Every instance sees every event; an
//! event with no open delivery of its rule and channel makes the successor
//! of the last one (its key names the last one, so it is made once however
//! many instances see the event), due a slot later (a minute divided by the
//! most messages a minute), or twice the last wait while events keep coming.
//! A delivery tells every matching event since the previous message of that
//! rule and channel (`notify_cursor`): one ban by itself, many as
//! "203.0.113.7 and 1,204 more bans".

use std::sync::Arc;

use entity::kinds::{EventKind, Origin};
use entity::{ban_history, delivery, host, notify_cursor};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Select,
};

use super::deliveries::NewDelivery;
use super::kinds::Rule;
use super::kinds::Trigger;
use super::message::Message;
use super::message::thousands;
use super::service::NotifyService;
use crate::error::ServiceResult;
use crate::events::BanEvent;

/// The longest wait between two messages of a rule and channel.
const MAX_GAP: i64 = 3_600;

/// Rules read at most this often for the events.
const RULES_FRESH_SECS: i64 = 5;

impl NotifyService {
    /// The delivery of every enabled rule and channel `event` matches.
    pub async fn on_event(&self, event: &BanEvent) -> ServiceResult<()> {
        let trigger = match event.kind {
            EventKind::Ban => Trigger::Ban,
            EventKind::Unban => Trigger::Unban,
        };
        let rules = self.event_rules().await?;
        let matching: Vec<&Rule> = rules
            .iter()
            .filter(|r| r.row.enabled && r.trigger == trigger)
            .collect();
        if matching.is_empty() {
            return Ok(());
        }
        // The host's name only when a rule filters by host.
        let host = if matching.iter().any(|r| !r.hosts.is_empty()) {
            self.host_name(event.host_id).await?
        } else {
            String::new()
        };
        let now = crate::time::now();
        for rule in matching {
            if !matches(rule, event, &host) {
                continue;
            }
            for &channel in &rule.channel_ids {
                self.follow(rule, channel, trigger, now).await?;
            }
        }
        Ok(())
    }

    /// Makes sure a delivery of `rule` to `channel` will tell an event of
    /// `now`: the open one (due later) does, else its successor is made. A
    /// successor after a quiet spell is due a slot later; while events keep
    /// coming, each one waits twice as long as the one before (at most an
    /// hour), so a flood of any length makes a handful of messages.
    async fn follow(
        &self,
        rule: &Rule,
        channel: i64,
        trigger: Trigger,
        now: i64,
    ) -> ServiceResult<()> {
        let pair = (rule.row.id, channel);
        if self.covered(pair, now) {
            return Ok(());
        }
        let last = delivery::Entity::find()
            .filter(delivery::Column::RuleId.eq(rule.row.id))
            .filter(delivery::Column::ChannelId.eq(channel))
            .filter(delivery::Column::Trigger.eq(trigger.as_str()))
            .order_by_desc(delivery::Column::Id)
            .one(&self.db)
            .await?;
        let base = self.slot_secs();
        let (after, gap) = match &last {
            Some(open) if open.due_at > now => {
                self.cover(pair, open.due_at);
                return Ok(());
            }
            Some(last) => {
                let last_gap = (last.due_at - last.created_at).max(base);
                let gap = if now - last.due_at < last_gap {
                    (last_gap * 2).min(MAX_GAP)
                } else {
                    base
                };
                (last.id, gap)
            }
            None => (0, base),
        };
        let due_at = now + gap;
        let made = self
            .make(NewDelivery {
                key: format!("rule:{}:{channel}:after:{after}", rule.row.id),
                channel_id: channel,
                rule_id: Some(rule.row.id),
                trigger,
                due_at,
                message: None,
            })
            .await?;
        // Made here, or by another instance a moment ago: look again soon.
        self.cover(pair, if made.is_some() { due_at } else { now + 1 });
        Ok(())
    }

    /// A minute divided by the most messages a minute.
    pub(super) fn slot_secs(&self) -> i64 {
        i64::from(60 / self.settings.max_per_minute.clamp(1, 60))
    }

    /// Whether this instance knows a delivery of `pair` due after `now`.
    fn covered(&self, pair: (i64, i64), now: i64) -> bool {
        self.memory
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .open
            .get(&pair)
            .is_some_and(|due| *due > now)
    }

    fn cover(&self, pair: (i64, i64), due: i64) {
        self.memory
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .open
            .insert(pair, due);
    }

    /// Whether the clock's delivery `key` was made already.
    pub(super) fn known(&self, key: &str) -> bool {
        self.memory
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .told
            .contains(key)
    }

    pub(super) fn remember_told(&self, key: &str) {
        let mut memory = self
            .memory
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if memory.told.len() > 10_000 {
            memory.told.clear();
        }
        memory.told.insert(key.to_owned());
    }

    /// Rules change rarely: they are read again after a change here, or
    /// after a few seconds for a change on another instance.
    async fn event_rules(&self) -> ServiceResult<Arc<Vec<Rule>>> {
        let now = crate::time::now();
        if let Some((at, rules)) = &self
            .memory
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .rules
            && now - at < RULES_FRESH_SECS
        {
            return Ok(rules.clone());
        }
        let rules = Arc::new(self.rules().await?);
        self.memory
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .rules = Some((now, rules.clone()));
        Ok(rules)
    }

    pub(super) fn forget_rules(&self) {
        self.memory
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .rules = None;
    }

    /// The message of an event rule's delivery: every matching event since
    /// the previous message; `None` when there is none.
    pub(super) async fn compose(&self, row: &delivery::Model) -> ServiceResult<Option<Message>> {
        let Some(rule_id) = row.rule_id else {
            return Ok(None);
        };
        let Ok(rule) = self.rule(rule_id).await else {
            return Ok(None);
        };
        let cursor = notify_cursor::Entity::find_by_id((rule_id, row.channel_id))
            .one(&self.db)
            .await?
            .map_or(0, |c| c.last_event_id);
        let kind = if rule.trigger == Trigger::Unban {
            EventKind::Unban
        } else {
            EventKind::Ban
        };
        let query = self
            .matching(&rule, kind)
            .await?
            .filter(ban_history::Column::Id.gt(cursor));
        let Some(newest) = query
            .clone()
            .order_by_desc(ban_history::Column::Id)
            .one(&self.db)
            .await?
        else {
            return Ok(None);
        };
        let count = query
            .clone()
            .filter(ban_history::Column::Id.lte(newest.id))
            .count(&self.db)
            .await?;
        let first = query
            .clone()
            .order_by_asc(ban_history::Column::Id)
            .one(&self.db)
            .await?
            .unwrap_or_else(|| newest.clone());
        let jails: Vec<String> = query
            .filter(ban_history::Column::Id.lte(newest.id))
            .select_only()
            .column(ban_history::Column::Jail)
            .distinct()
            .limit(4)
            .into_tuple()
            .all(&self.db)
            .await?;
        notify_cursor::Entity::insert(notify_cursor::ActiveModel {
            rule_id: Set(rule_id),
            channel_id: Set(row.channel_id),
            last_event_id: Set(newest.id),
        })
        .on_conflict(
            sea_orm::sea_query::OnConflict::columns([
                notify_cursor::Column::RuleId,
                notify_cursor::Column::ChannelId,
            ])
            .update_column(notify_cursor::Column::LastEventId)
            .to_owned(),
        )
        .exec_without_returning(&self.db)
        .await?;
        let host = self.host_name(first.host_id).await?;
        Ok(Some(event_message(
            rule.trigger,
            &first,
            &host,
            count,
            &jails,
        )))
    }
}

impl NotifyService {
    /// The archived events of `kind` a rule's filters take.
    pub(super) async fn matching(
        &self,
        rule: &Rule,
        kind: EventKind,
    ) -> ServiceResult<Select<ban_history::Entity>> {
        let mut query = ban_history::Entity::find().filter(ban_history::Column::Kind.eq(kind));
        if !rule.jails.is_empty() {
            query = query.filter(ban_history::Column::Jail.is_in(rule.jails.clone()));
        }
        if !rule.countries.is_empty() {
            query = query.filter(ban_history::Column::CountryCode.is_in(rule.countries.clone()));
        }
        if !rule.origins.is_empty() {
            let origins: Vec<Origin> = <Origin as sea_orm::Iterable>::iter()
                .filter(|o| rule.origins.iter().any(|r| r == o.as_str()))
                .collect();
            query = query.filter(ban_history::Column::Origin.is_in(origins));
        }
        if !rule.hosts.is_empty() {
            let ids: Vec<i64> = host::Entity::find()
                .filter(host::Column::Name.is_in(rule.hosts.clone()))
                .all(&self.db)
                .await?
                .into_iter()
                .map(|h| h.id)
                .collect();
            query = query.filter(ban_history::Column::HostId.is_in(ids));
        }
        Ok(query)
    }

    pub(super) async fn host_name(&self, id: i64) -> ServiceResult<String> {
        Ok(host::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .map_or_else(|| id.to_string(), |h| h.name))
    }
}

fn matches(rule: &Rule, event: &BanEvent, host: &str) -> bool {
    (rule.jails.is_empty() || rule.jails.contains(&event.jail))
        && (rule.countries.is_empty()
            || event
                .country_code
                .as_ref()
                .is_some_and(|c| rule.countries.contains(c)))
        && (rule.origins.is_empty() || rule.origins.iter().any(|o| o == event.origin.as_str()))
        && (rule.hosts.is_empty() || rule.hosts.iter().any(|h| h == host))
}

/// One event by itself, or the first of `count` with how many more.
fn event_message(
    trigger: Trigger,
    first: &ban_history::Model,
    host: &str,
    count: u64,
    jails: &[String],
) -> Message {
    let (verb, noun) = match trigger {
        Trigger::Unban => ("unbanned", "unbans"),
        _ => ("banned", "bans"),
    };
    let country = first.country_code.clone().unwrap_or_default();
    let place = match jails {
        [one] => one.clone(),
        several if several.len() > 3 => format!("{} jails", thousands(several.len() as u64)),
        several => several.join(", "),
    };
    let (title, text) = if count <= 1 {
        (
            format!("{} {verb} in {}", first.ip, first.jail),
            format!(
                "{}{} was {verb} in {} on {host}.",
                first.ip,
                if country.is_empty() {
                    String::new()
                } else {
                    format!(" ({country})")
                },
                first.jail
            ),
        )
    } else {
        (
            format!("{} {noun} in {place}", thousands(count)),
            format!(
                "{} and {} more {noun} in {place} since the last message.",
                first.ip,
                thousands(count - 1)
            ),
        )
    };
    let mut message = Message::new(trigger, first.at, title, text);
    message.count = count;
    let fields = &mut message.fields;
    fields.insert("ip".into(), first.ip.clone().into());
    fields.insert("jail".into(), first.jail.clone().into());
    fields.insert("host".into(), host.to_owned().into());
    fields.insert("origin".into(), first.origin.as_str().into());
    fields.insert("country".into(), first.country_code.clone().into());
    message
}
