//! GraphQL types of ban events.

use async_graphql::{Context, Enum, InputObject, Object};
use bangui_core::archive::EventKind;
use bangui_core::bans::BanRecord;
use bangui_core::events::BanEvent as CoreEvent;
use bangui_core::pagination;
use chrono::{DateTime, Utc};

use crate::graphql::bans::types::{Ban, BanOrigin};
use crate::graphql::context::app;
use crate::graphql::error::{ErrorCode, GqlResult, error};
use crate::graphql::geo::loader::country_of;
use crate::graphql::geo::types::Country;

/// The kind of cursor events carry.
pub const EVENT_CURSOR: &str = "event";

/// Whether an address was banned or unbanned.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum BanEventKind {
    /// A ban started.
    Ban,
    /// A ban ended (lifted or expired).
    Unban,
}

/// Which events to deliver; every given list must match.
#[derive(InputObject, Default, Clone)]
pub struct BanEventFilter {
    /// Only these jails.
    pub jails: Option<Vec<String>>,
    /// Only these countries (ISO 3166-1 alpha-2).
    pub countries: Option<Vec<String>>,
    /// Only these origins.
    pub origins: Option<Vec<BanOrigin>>,
    /// Only these hosts (by name).
    pub hosts: Option<Vec<String>>,
}

impl BanEventFilter {
    /// The ids of the hosts the filter names (removed ones too); BAD_USER_INPUT
    /// for a name no host has had.
    pub async fn host_ids(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Vec<i64>>> {
        let Some(names) = &self.hosts else {
            return Ok(None);
        };
        let hosts = &app(ctx)?.hosts;
        let mut ids = Vec::with_capacity(names.len());
        for name in names {
            match hosts.id_of(name).await.gql()? {
                Some(id) => ids.push(id),
                None => {
                    return Err(error(
                        ErrorCode::BadUserInput,
                        format!("there is no host named {name:?}"),
                    ));
                }
            }
        }
        Ok(Some(ids))
    }

    pub fn matches(&self, event: &CoreEvent, host_ids: Option<&[i64]>) -> bool {
        host_ids.is_none_or(|ids| ids.contains(&event.host_id))
            && self.jails.as_ref().is_none_or(|j| j.contains(&event.jail))
            && self.countries.as_ref().is_none_or(|c| {
                event
                    .country_code
                    .as_ref()
                    .is_some_and(|code| c.iter().any(|x| x.eq_ignore_ascii_case(code)))
            })
            && self
                .origins
                .as_ref()
                .is_none_or(|o| o.contains(&BanOrigin::from(event.origin)))
    }
}

/// A ban or unban, as it happened.
#[derive(Clone)]
pub struct BanEvent(pub CoreEvent);

/// A ban or unban, as it happened.
#[Object]
impl BanEvent {
    /// Pass as `after` to resume right after this event.
    async fn cursor(&self) -> String {
        pagination::encode(EVENT_CURSOR, &self.0.id)
    }

    /// Ban or unban.
    async fn kind(&self) -> BanEventKind {
        match self.0.kind {
            EventKind::Ban => BanEventKind::Ban,
            EventKind::Unban => BanEventKind::Unban,
        }
    }

    /// The address.
    async fn ip(&self) -> &str {
        &self.0.ip
    }

    /// The jail.
    async fn jail(&self) -> &str {
        &self.0.jail
    }

    /// When it happened.
    async fn at(&self) -> DateTime<Utc> {
        bangui_core::time::to_datetime(self.0.at)
    }

    /// Who caused the ban.
    async fn origin(&self) -> BanOrigin {
        self.0.origin.into()
    }

    /// The fail2ban host it happened on.
    async fn host(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        app(ctx)?.hosts.name_of(self.0.host_id).await.gql()
    }

    /// The address's country, when known.
    async fn country(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Country>> {
        match &self.0.country_code {
            Some(code) => Ok(Some(Country::from_code(code))),
            None => country_of(ctx, &self.0.ip).await,
        }
    }

    /// The ban itself, for a BAN event.
    async fn ban(&self) -> Option<Ban> {
        let e = &self.0;
        (e.kind == EventKind::Ban).then(|| {
            Ban(BanRecord {
                id: e.id.to_string(),
                ip: e.ip.clone(),
                jail: e.jail.clone(),
                banned_at: e.banned_at,
                ban_time: e.ban_time,
                expires_at: e.expires_at,
                ban_count: e.ban_count,
                active: e.ended_at.is_none()
                    && e.expires_at.is_none_or(|x| x > bangui_core::time::now()),
                origin: e.origin,
                country_code: e.country_code.clone(),
                reason: e.reason.clone(),
                banned_by: e.banned_by.clone(),
                source_id: e.source_id,
                host_id: e.host_id,
            })
        })
    }
}
