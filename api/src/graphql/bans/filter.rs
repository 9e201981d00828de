//! The filter of `bans` (which bans to list, and the ban service of the
//! host or hosts it names), with the origins and sources it names.

use async_graphql::{Context, Enum, InputObject};
use bangui_core::archive::Origin;
use bangui_core::bans::{BanFilter, Source};
use chrono::{DateTime, Utc};

use crate::graphql::context::app;
use crate::graphql::error::{ErrorCode, GqlResult, error};

/// Who caused a ban.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum BanOrigin {
    /// fail2ban banned it after failures in a log.
    #[graphql(name = "FAIL2BAN")]
    Fail2ban,
    /// Someone banned it through BanGUI.
    Manual,
    /// A blocklist import banned it.
    Blocklist,
}

impl From<Origin> for BanOrigin {
    fn from(o: Origin) -> Self {
        match o {
            Origin::Fail2ban => BanOrigin::Fail2ban,
            Origin::Manual => BanOrigin::Manual,
            Origin::Blocklist => BanOrigin::Blocklist,
        }
    }
}

impl From<BanOrigin> for Origin {
    fn from(o: BanOrigin) -> Self {
        match o {
            BanOrigin::Fail2ban => Origin::Fail2ban,
            BanOrigin::Manual => Origin::Manual,
            BanOrigin::Blocklist => Origin::Blocklist,
        }
    }
}

/// Where bans are read from.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum BanSource {
    /// BanGUI's own long-term history.
    #[default]
    Archive,
    /// fail2ban's database: the bans in force now.
    #[graphql(name = "FAIL2BAN")]
    Fail2ban,
}

/// Which bans to list.
#[derive(InputObject, Default)]
#[graphql(name = "BanFilter")]
pub struct BanFilterInput {
    /// Only this jail.
    pub jail: Option<String>,
    /// An exact address or a CIDR network.
    pub ip: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    pub country: Option<String>,
    /// Only bans of this origin.
    pub origin: Option<BanOrigin>,
    /// Bans from this instant on.
    pub since: Option<DateTime<Utc>>,
    /// Bans before this instant.
    pub until: Option<DateTime<Utc>>,
    /// Only bans in force now.
    pub active_only: Option<bool>,
    /// The archive (the default, also for an explicit null) or fail2ban's own database.
    #[graphql(default_with = "Some(BanSource::Archive)")]
    pub source: Option<BanSource>,
    /// Only bans on this fail2ban host; every host's when null (fail2ban's own
    /// databases: those of every connected host).
    pub host: Option<String>,
}

impl BanFilterInput {
    /// The filter with its host found, and the ban service of that host
    /// (the local one when none is named); BAD_USER_INPUT for an unknown host.
    pub async fn resolve(
        self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<(BanFilter, bangui_core::bans::BanService)> {
        let state = app(ctx)?;
        let Some(name) = self.host.clone() else {
            let live = self.source == Some(BanSource::Fail2ban);
            let every = if live {
                state.hosts.connected().await.gql()?
            } else {
                Vec::new()
            };
            return Ok((BanFilter::from(self), state.bans.reading(every)));
        };
        let unknown = || {
            error(
                ErrorCode::BadUserInput,
                format!("there is no host named {name:?}"),
            )
        };
        let id = state.hosts.id_of(&name).await.gql()?.ok_or_else(unknown)?;
        let live = self.source == Some(BanSource::Fail2ban);
        let bans = match state.hosts.by_id(id).await.gql()? {
            Some(h) if !h.host.local => {
                state
                    .bans
                    .on(state.hosts.for_write(Some(&h.host.name)).await.gql()?)
            }
            Some(_) => state.bans.clone(),
            // A removed host's archived bans can still be listed; its
            // fail2ban can no longer be read.
            None if live => {
                return Err(error(
                    ErrorCode::BadUserInput,
                    format!("host {name:?} was removed: its fail2ban cannot be read"),
                ));
            }
            None => state.bans.clone(),
        };
        let mut filter = BanFilter::from(self);
        filter.host_id = Some(id);
        Ok((filter, bans))
    }
}

impl From<BanFilterInput> for BanFilter {
    fn from(f: BanFilterInput) -> Self {
        BanFilter {
            host_id: None,
            jail: f.jail,
            ip: f.ip,
            country: f.country,
            origin: f.origin.map(Into::into),
            since: f.since.map(|t| t.timestamp()),
            until: f.until.map(|t| t.timestamp()),
            active_only: f.active_only.unwrap_or(false),
            source: match f.source.unwrap_or(BanSource::Archive) {
                BanSource::Archive => Source::Archive,
                BanSource::Fail2ban => Source::Fail2ban,
            },
        }
    }
}
