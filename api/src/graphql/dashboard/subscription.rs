//! `Subscription.dashboardChanged`: what the archive took in since the last
//! delta (bans, unbans, bans by country and by jail), at most once a second,
//! for one jail and host or all of them.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use async_graphql::{Context, SimpleObject, Subscription};
use bangui_core::Role;
use bangui_core::events::BanEvent;
use chrono::{DateTime, Utc};
use entity::kinds::EventKind;
use futures::{Stream, StreamExt};

use super::types::{CountryBanCount, JailBanCount};
use crate::graphql::context::{RoleGuard, app};
use crate::graphql::error::{ErrorCode, GqlResult, error};
use crate::graphql::geo::types::Country;

/// The shortest time between two deltas.
const EVERY: Duration = Duration::from_secs(1);

/// What changed on the dashboard since the previous delta.
#[derive(SimpleObject)]
pub struct DashboardDelta {
    /// When the delta was made.
    pub at: DateTime<Utc>,
    /// Bans archived since the previous delta.
    pub bans: i64,
    /// Unbans archived since the previous delta.
    pub unbans: i64,
    /// Those bans by country, most first (addresses of no known country left out).
    pub by_country: Vec<CountryBanCount>,
    /// Those bans by jail, most first.
    pub by_jail: Vec<JailBanCount>,
}

/// The events of one delta.
#[derive(Default)]
struct Tally {
    bans: i64,
    unbans: i64,
    countries: HashMap<String, (i64, HashSet<String>)>,
    jails: HashMap<String, i64>,
}

impl Tally {
    fn add(&mut self, event: &BanEvent) {
        match event.kind {
            EventKind::Unban => self.unbans += 1,
            EventKind::Ban => {
                self.bans += 1;
                *self.jails.entry(event.jail.clone()).or_default() += 1;
                if let Some(code) = &event.country_code {
                    let entry = self.countries.entry(code.clone()).or_default();
                    entry.0 += 1;
                    entry.1.insert(event.ip.clone());
                }
            }
        }
    }

    fn delta(self) -> DashboardDelta {
        let mut by_country: Vec<CountryBanCount> = self
            .countries
            .into_iter()
            .map(|(code, (count, ips))| CountryBanCount {
                country: Country::from_code(&code),
                count,
                unique_ips: ips.len() as i64,
            })
            .collect();
        by_country.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then(a.country.code.cmp(&b.country.code))
        });
        let mut by_jail: Vec<JailBanCount> = self
            .jails
            .into_iter()
            .map(|(jail, count)| JailBanCount { jail, count })
            .collect();
        by_jail.sort_by(|a, b| b.count.cmp(&a.count).then(a.jail.cmp(&b.jail)));
        DashboardDelta {
            at: Utc::now(),
            bans: self.bans,
            unbans: self.unbans,
            by_country,
            by_jail,
        }
    }
}

#[derive(Default)]
pub struct DashboardSubscription;

#[Subscription]
impl DashboardSubscription {
    /// What the archive took in since the previous delta, at most once a
    /// second and only when something came. Needs VIEWER.
    #[graphql(guard = "RoleGuard(Role::Viewer)")]
    async fn dashboard_changed(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only this jail's events (every jail's when null).")] jail: Option<String>,
        #[graphql(desc = "Only this host's events (every host's when null).")] host: Option<String>,
    ) -> async_graphql::Result<impl Stream<Item = DashboardDelta>> {
        let state = app(ctx)?;
        let host_id = match host.as_deref() {
            None => None,
            Some(name) => Some(state.hosts.id_of(name).await.gql()?.ok_or_else(|| {
                error(
                    ErrorCode::BadUserInput,
                    format!("there is no host named {name:?}"),
                )
            })?),
        };
        let wanted = move |event: &BanEvent| {
            jail.as_ref().is_none_or(|j| *j == event.jail)
                && host_id.is_none_or(|h| h == event.host_id)
        };
        let feed = state.events.feed(None).await.gql()?;
        Ok(async_stream::stream! {
            let mut feed = Box::pin(feed.filter(move |e| std::future::ready(wanted(e))));
            while let Some(first) = feed.next().await {
                // Everything that comes within a second of the first goes with it.
                let mut tally = Tally::default();
                tally.add(&first);
                let until = tokio::time::Instant::now() + EVERY;
                while let Ok(Some(event)) = tokio::time::timeout_at(until, feed.next()).await {
                    tally.add(&event);
                }
                yield tally.delta();
            }
        })
    }
}
