//! Rules: what to tell (a trigger), about which events (jails, countries,
//! origins, hosts; empty: all) and to which channels.

use entity::{
    ban_history, notification_channel, notification_rule, notification_rule_channel, notify_cursor,
};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

pub use super::kinds::Rule;
use super::kinds::{DigestPeriod, Trigger};
use super::service::NotifyService;
use crate::actor::Actor;
use crate::error::{ServiceError, ServiceResult};

/// A rule as an ADMIN gives it.
#[derive(Clone, Debug)]
pub struct RuleInput {
    pub name: String,
    pub trigger: Trigger,
    pub channel_ids: Vec<i64>,
    pub jails: Vec<String>,
    pub countries: Vec<String>,
    pub origins: Vec<String>,
    pub hosts: Vec<String>,
    pub threshold: Option<i64>,
    pub window_minutes: Option<i64>,
    pub period: Option<DigestPeriod>,
    pub enabled: bool,
}

fn list(text: &str) -> Vec<String> {
    serde_json::from_str(text).unwrap_or_default()
}

fn json(items: &[String]) -> String {
    serde_json::to_string(items).unwrap_or_else(|_| "[]".into())
}

impl NotifyService {
    /// Every rule, by name.
    pub async fn rules(&self) -> ServiceResult<Vec<Rule>> {
        let rows = notification_rule::Entity::find()
            .order_by_asc(notification_rule::Column::Name)
            .all(&self.db)
            .await?;
        let links = notification_rule_channel::Entity::find()
            .order_by_asc(notification_rule_channel::Column::ChannelId)
            .all(&self.db)
            .await?;
        rows.into_iter()
            .map(|row| {
                Ok(Rule {
                    trigger: row.trigger.parse()?,
                    channel_ids: links
                        .iter()
                        .filter(|l| l.rule_id == row.id)
                        .map(|l| l.channel_id)
                        .collect(),
                    jails: list(&row.jails),
                    countries: list(&row.countries),
                    origins: list(&row.origins),
                    hosts: list(&row.hosts),
                    row,
                })
            })
            .collect()
    }

    pub async fn rule(&self, id: i64) -> ServiceResult<Rule> {
        self.rules()
            .await?
            .into_iter()
            .find(|r| r.row.id == id)
            .ok_or_else(|| ServiceError::NotFound(format!("there is no notification rule {id}")))
    }

    pub async fn create_rule(&self, actor: &Actor, input: RuleInput) -> ServiceResult<Rule> {
        let name = input.name.clone();
        let result = async {
            let input = self.checked_rule(input, None).await?;
            let row = notification_rule::ActiveModel {
                created_at: Set(crate::time::now()),
                ..Self::rule_values(&input)
            }
            .insert(&self.db)
            .await?;
            self.link(row.id, &input.channel_ids).await?;
            self.rule(row.id).await
        }
        .await;
        self.audit
            .record(actor, "createNotificationRule", Some(name), &result, None)
            .await;
        result
    }

    pub async fn update_rule(
        &self,
        actor: &Actor,
        id: i64,
        input: RuleInput,
    ) -> ServiceResult<Rule> {
        let result = async {
            let existing = self.rule(id).await?;
            let input = self.checked_rule(input, Some(id)).await?;
            let mut active = Self::rule_values(&input);
            active.id = Set(id);
            active.created_at = Set(existing.row.created_at);
            active.update(&self.db).await?;
            notification_rule_channel::Entity::delete_many()
                .filter(notification_rule_channel::Column::RuleId.eq(id))
                .filter(
                    notification_rule_channel::Column::ChannelId
                        .is_not_in(input.channel_ids.clone()),
                )
                .exec(&self.db)
                .await?;
            self.link(id, &input.channel_ids).await?;
            self.rule(id).await
        }
        .await;
        self.audit
            .record(
                actor,
                "updateNotificationRule",
                Some(id.to_string()),
                &result,
                None,
            )
            .await;
        result
    }

    pub async fn delete_rule(&self, actor: &Actor, id: i64) -> ServiceResult<bool> {
        let result = async {
            self.rule(id).await?;
            notification_rule_channel::Entity::delete_many()
                .filter(notification_rule_channel::Column::RuleId.eq(id))
                .exec(&self.db)
                .await?;
            notify_cursor::Entity::delete_many()
                .filter(notify_cursor::Column::RuleId.eq(id))
                .exec(&self.db)
                .await?;
            notification_rule::Entity::delete_by_id(id)
                .exec(&self.db)
                .await?;
            Ok(true)
        }
        .await;
        self.audit
            .record(
                actor,
                "deleteNotificationRule",
                Some(id.to_string()),
                &result,
                None,
            )
            .await;
        result
    }

    fn rule_values(input: &RuleInput) -> notification_rule::ActiveModel {
        notification_rule::ActiveModel {
            name: Set(input.name.clone()),
            trigger: Set(input.trigger.as_str().to_owned()),
            jails: Set(json(&input.jails)),
            countries: Set(json(&input.countries)),
            origins: Set(json(&input.origins)),
            hosts: Set(json(&input.hosts)),
            threshold: Set(input.threshold),
            window_minutes: Set(input.window_minutes),
            period: Set(input.period.map(|p| p.as_str().to_owned())),
            enabled: Set(input.enabled),
            ..Default::default()
        }
    }

    /// Links a rule to its channels; a new pair starts telling from the
    /// newest archived event, not from the archive's beginning.
    async fn link(&self, rule: i64, channels: &[i64]) -> ServiceResult<()> {
        let newest = ban_history::Entity::find()
            .select_only()
            .column_as(ban_history::Column::Id.max(), "id")
            .into_tuple::<Option<i64>>()
            .one(&self.db)
            .await?
            .flatten()
            .unwrap_or(0);
        for &channel in channels {
            notification_rule_channel::Entity::insert(notification_rule_channel::ActiveModel {
                rule_id: Set(rule),
                channel_id: Set(channel),
            })
            .on_conflict(
                OnConflict::columns([
                    notification_rule_channel::Column::RuleId,
                    notification_rule_channel::Column::ChannelId,
                ])
                .do_nothing()
                .to_owned(),
            )
            .exec_without_returning(&self.db)
            .await?;
            notify_cursor::Entity::insert(notify_cursor::ActiveModel {
                rule_id: Set(rule),
                channel_id: Set(channel),
                last_event_id: Set(newest),
            })
            .on_conflict(
                OnConflict::columns([
                    notify_cursor::Column::RuleId,
                    notify_cursor::Column::ChannelId,
                ])
                .do_nothing()
                .to_owned(),
            )
            .exec_without_returning(&self.db)
            .await?;
        }
        self.forget_rules();
        Ok(())
    }

    async fn checked_rule(
        &self,
        mut input: RuleInput,
        id: Option<i64>,
    ) -> ServiceResult<RuleInput> {
        input.name = input.name.trim().to_owned();
        if input.name.is_empty() || input.name.len() > 100 {
            return Err(ServiceError::BadInput(
                "a rule's name has 1 to 100 characters".into(),
            ));
        }
        let taken = notification_rule::Entity::find()
            .filter(notification_rule::Column::Name.eq(&input.name))
            .one(&self.db)
            .await?;
        if taken.is_some_and(|t| Some(t.id) != id) {
            return Err(ServiceError::Conflict(format!(
                "there is a notification rule named {:?} already",
                input.name
            )));
        }
        match input.trigger {
            Trigger::Test => {
                return Err(ServiceError::BadInput(
                    "TEST is testNotificationChannel's; a rule cannot use it".into(),
                ));
            }
            Trigger::Burst => {
                if !input
                    .threshold
                    .is_some_and(|t| (1..=1_000_000).contains(&t))
                {
                    return Err(ServiceError::BadInput(
                        "a BURST rule needs a threshold from 1 to 1,000,000".into(),
                    ));
                }
                if !input
                    .window_minutes
                    .is_some_and(|w| (1..=1_440).contains(&w))
                {
                    return Err(ServiceError::BadInput(
                        "a BURST rule needs windowMinutes from 1 to 1,440".into(),
                    ));
                }
            }
            Trigger::Digest if input.period.is_none() => {
                return Err(ServiceError::BadInput(
                    "a DIGEST rule needs a period: HOURLY, DAILY or WEEKLY".into(),
                ));
            }
            _ => {}
        }
        if input.trigger != Trigger::Burst {
            input.threshold = None;
            input.window_minutes = None;
        }
        if input.trigger != Trigger::Digest {
            input.period = None;
        }
        if input.channel_ids.is_empty() {
            return Err(ServiceError::BadInput(
                "a rule needs at least one channel".into(),
            ));
        }
        input.channel_ids.sort_unstable();
        input.channel_ids.dedup();
        let found = notification_channel::Entity::find()
            .filter(notification_channel::Column::Id.is_in(input.channel_ids.clone()))
            .all(&self.db)
            .await?;
        if let Some(missing) = input
            .channel_ids
            .iter()
            .find(|c| !found.iter().any(|f| f.id == **c))
        {
            return Err(ServiceError::BadInput(format!(
                "there is no notification channel {missing}"
            )));
        }
        for jail in &input.jails {
            crate::validate::jail_name(jail)?;
        }
        for country in &mut input.countries {
            *country = country.trim().to_ascii_uppercase();
            if country.len() != 2 || !country.chars().all(|c| c.is_ascii_uppercase()) {
                return Err(ServiceError::BadInput(format!(
                    "{country:?} is not a two-letter country code"
                )));
            }
        }
        for host in &input.hosts {
            crate::hosts::host_name(host)?;
        }
        Ok(input)
    }
}
