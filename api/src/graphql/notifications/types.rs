//! The notification types of the contract and their conversions.

use std::str::FromStr;

use async_graphql::{Context, ID, InputObject, Object};
use bangui_core::notify::{self, ChannelInput, Rule, RuleInput};
use chrono::{DateTime, Utc};
use entity::{delivery, notification_channel};

pub use super::kinds::{ChannelKind, DeliveryStatus, DigestPeriod, NotificationTrigger};

use crate::connection_type;
use crate::graphql::accounts::types::parse_id;
use crate::graphql::bans::types::BanOrigin;
use crate::graphql::context::app;
use crate::graphql::error::GqlResult;

fn time(at: i64) -> DateTime<Utc> {
    bangui_core::time::to_datetime(at)
}

/// Where messages go. Its secret is never shown.
#[derive(Clone)]
pub struct NotificationChannel(pub notification_channel::Model);

/// Where messages go. Its secret is never shown.
#[Object]
impl NotificationChannel {
    /// The channel's id.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// Its name, unique.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// What receives its messages.
    async fn kind(&self) -> async_graphql::Result<ChannelKind> {
        Ok(notify::ChannelKind::from_str(&self.0.kind).gql()?.into())
    }

    /// A URL, or an e-mail address for EMAIL.
    async fn target(&self) -> &str {
        &self.0.target
    }

    /// Whether messages go to it; a disabled channel's deliveries fail.
    async fn enabled(&self) -> bool {
        self.0.enabled
    }

    /// When it was created.
    async fn created_at(&self) -> DateTime<Utc> {
        time(self.0.created_at)
    }

    /// Whether a secret is set (the secret itself is never shown).
    async fn has_secret(&self) -> bool {
        self.0.secret.is_some()
    }

    /// The last delivery to it, with its outcome.
    async fn last_delivery(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Delivery>> {
        let found = app(ctx)?.notify.last_delivery(self.0.id).await.gql()?;
        Ok(found.map(Delivery))
    }
}

/// A channel as an ADMIN gives it.
#[derive(InputObject)]
pub struct NotificationChannelInput {
    /// Its name, unique.
    pub name: String,
    /// What receives its messages.
    pub kind: ChannelKind,
    /// A URL, or an e-mail address for EMAIL.
    pub target: String,
    /// A webhook's HMAC key, an ntfy or Gotify token. On a change, null
    /// keeps the stored one and "" removes it.
    pub secret: Option<String>,
    /// Whether messages go to it.
    #[graphql(default_with = "Some(true)")]
    pub enabled: Option<bool>,
}

impl From<NotificationChannelInput> for ChannelInput {
    fn from(input: NotificationChannelInput) -> Self {
        ChannelInput {
            name: input.name,
            kind: input.kind.into(),
            target: input.target,
            secret: input.secret,
            enabled: input.enabled.unwrap_or(true),
        }
    }
}

/// What to tell, about which events, to which channels.
#[derive(Clone)]
pub struct NotificationRule(pub Rule);

/// What to tell, about which events, to which channels.
#[Object]
impl NotificationRule {
    /// The rule's id.
    async fn id(&self) -> ID {
        ID(self.0.row.id.to_string())
    }

    /// Its name, unique.
    async fn name(&self) -> &str {
        &self.0.row.name
    }

    /// What it tells.
    async fn trigger(&self) -> NotificationTrigger {
        self.0.trigger.into()
    }

    /// Where its messages go.
    async fn channels(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<NotificationChannel>> {
        let all = app(ctx)?.notify.channels().await.gql()?;
        Ok(all
            .into_iter()
            .filter(|c| self.0.channel_ids.contains(&c.id))
            .map(NotificationChannel)
            .collect())
    }

    /// Only these jails' events; every jail's when empty.
    async fn jails(&self) -> &[String] {
        &self.0.jails
    }

    /// Only events of addresses in these countries (ISO 3166-1 alpha-2).
    async fn countries(&self) -> &[String] {
        &self.0.countries
    }

    /// Only events of these origins; every origin's when empty.
    async fn origins(&self) -> Vec<BanOrigin> {
        self.0
            .origins
            .iter()
            .filter_map(|o| match o.as_str() {
                "FAIL2BAN" => Some(BanOrigin::Fail2ban),
                "MANUAL" => Some(BanOrigin::Manual),
                "BLOCKLIST" => Some(BanOrigin::Blocklist),
                _ => None,
            })
            .collect()
    }

    /// Only these hosts' events; every host's when empty.
    async fn hosts(&self) -> &[String] {
        &self.0.hosts
    }

    /// BURST: how many matching bans within the window make a burst.
    async fn threshold(&self) -> Option<i64> {
        self.0.row.threshold
    }

    /// BURST: the window's length in minutes.
    async fn window_minutes(&self) -> Option<i64> {
        self.0.row.window_minutes
    }

    /// DIGEST: how often the summary is sent.
    async fn period(&self) -> async_graphql::Result<Option<DigestPeriod>> {
        match &self.0.row.period {
            Some(p) => Ok(Some(notify::DigestPeriod::from_str(p).gql()?.into())),
            None => Ok(None),
        }
    }

    /// Whether it tells anything.
    async fn enabled(&self) -> bool {
        self.0.row.enabled
    }
}

/// A rule as an ADMIN gives it.
#[derive(InputObject)]
pub struct NotificationRuleInput {
    /// Its name, unique.
    pub name: String,
    /// What it tells.
    pub trigger: NotificationTrigger,
    /// Where its messages go: at least one channel.
    pub channel_ids: Vec<ID>,
    /// Only these jails' events; every jail's when empty.
    #[graphql(default_with = "Some(Vec::new())")]
    pub jails: Option<Vec<String>>,
    /// Only events of addresses in these countries (ISO 3166-1 alpha-2).
    #[graphql(default_with = "Some(Vec::new())")]
    pub countries: Option<Vec<String>>,
    /// Only events of these origins.
    #[graphql(default_with = "Some(Vec::new())")]
    pub origins: Option<Vec<BanOrigin>>,
    /// Only these hosts' events.
    #[graphql(default_with = "Some(Vec::new())")]
    pub hosts: Option<Vec<String>>,
    /// BURST: how many matching bans within the window make a burst.
    pub threshold: Option<i64>,
    /// BURST: the window's length in minutes.
    pub window_minutes: Option<i64>,
    /// DIGEST: how often the summary is sent.
    pub period: Option<DigestPeriod>,
    /// Whether it tells anything.
    #[graphql(default_with = "Some(true)")]
    pub enabled: Option<bool>,
}

impl NotificationRuleInput {
    pub fn into_core(self) -> async_graphql::Result<RuleInput> {
        let origin = |o: BanOrigin| match o {
            BanOrigin::Fail2ban => "FAIL2BAN",
            BanOrigin::Manual => "MANUAL",
            BanOrigin::Blocklist => "BLOCKLIST",
        };
        Ok(RuleInput {
            name: self.name,
            trigger: self.trigger.into(),
            channel_ids: self
                .channel_ids
                .iter()
                .map(parse_id)
                .collect::<Result<_, _>>()?,
            jails: self.jails.unwrap_or_default(),
            countries: self.countries.unwrap_or_default(),
            origins: self
                .origins
                .unwrap_or_default()
                .into_iter()
                .map(|o| origin(o).to_owned())
                .collect(),
            hosts: self.hosts.unwrap_or_default(),
            threshold: self.threshold,
            window_minutes: self.window_minutes,
            period: self.period.map(Into::into),
            enabled: self.enabled.unwrap_or(true),
        })
    }
}

/// One message to one channel.
#[derive(Clone)]
pub struct Delivery(pub delivery::Model);

/// One message to one channel.
#[Object]
impl Delivery {
    /// Also the `X-BanGUI-Delivery` header of every attempt.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// Where it goes.
    async fn channel(&self, ctx: &Context<'_>) -> async_graphql::Result<NotificationChannel> {
        Ok(NotificationChannel(
            app(ctx)?.notify.channel(self.0.channel_id).await.gql()?,
        ))
    }

    /// The rule that made it; null for a test message or a deleted rule.
    async fn rule(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<NotificationRule>> {
        let Some(id) = self.0.rule_id else {
            return Ok(None);
        };
        match app(ctx)?.notify.rule(id).await {
            Ok(rule) => Ok(Some(NotificationRule(rule))),
            Err(bangui_core::ServiceError::NotFound(_)) => Ok(None),
            Err(e) => Err(e).gql(),
        }
    }

    /// What it tells.
    async fn trigger(&self) -> async_graphql::Result<NotificationTrigger> {
        Ok(notify::Trigger::from_str(&self.0.trigger).gql()?.into())
    }

    /// Where it stands.
    async fn status(&self) -> DeliveryStatus {
        DeliveryStatus::of(&self.0.status)
    }

    /// Attempts made so far.
    async fn attempts(&self) -> i64 {
        self.0.attempts
    }

    /// When it was made.
    async fn created_at(&self) -> DateTime<Utc> {
        time(self.0.created_at)
    }

    /// When the channel took it.
    async fn delivered_at(&self) -> Option<DateTime<Utc>> {
        self.0.delivered_at.map(time)
    }

    /// The last failed attempt's error.
    async fn error(&self) -> Option<&str> {
        self.0.error.as_deref()
    }
}

/// Counts the deliveries for `totalCount`.
#[derive(Clone)]
pub struct DeliveryQuery(pub u64);

impl DeliveryQuery {
    pub async fn total_count(&self, _ctx: &Context<'_>) -> async_graphql::Result<i64> {
        Ok(i64::try_from(self.0).unwrap_or(i64::MAX))
    }
}

connection_type!(DeliveryConnection, DeliveryEdge, Delivery, DeliveryQuery);
