//! Dashboard types; each field runs its own aggregation, only when asked for.

use async_graphql::{Context, Enum, Object, SimpleObject};
use bangui_core::dashboard::{self, Bucket, Scope};
use chrono::{DateTime, Utc};

use crate::graphql::context::app;
use crate::graphql::error::{ErrorCode, GqlResult, error};
use crate::graphql::geo::types::Country;

/// Totals.
#[derive(SimpleObject)]
pub struct BanSummary {
    /// Bans in the range.
    pub total_bans: i64,
    /// Distinct addresses banned.
    pub unique_ips: i64,
    /// Bans in force now.
    pub active_bans: i64,
    /// Distinct countries.
    pub countries: i64,
}

/// Bans from one country.
#[derive(SimpleObject)]
pub struct CountryBanCount {
    /// The country.
    pub country: Country,
    /// Bans.
    pub count: i64,
    /// Distinct addresses.
    pub unique_ips: i64,
}

/// Bans in one time bucket.
#[derive(SimpleObject)]
pub struct TrendPoint {
    /// Start of the bucket.
    pub start: DateTime<Utc>,
    /// Bans in it.
    pub count: i64,
}

/// Bans of one jail.
#[derive(SimpleObject)]
pub struct JailBanCount {
    /// The jail.
    pub jail: String,
    /// Bans.
    pub count: i64,
}

/// Bans of one address.
#[derive(SimpleObject)]
pub struct IpBanCount {
    /// The address.
    pub ip: String,
    /// Bans.
    pub count: i64,
    /// Its country, when known.
    pub country: Option<Country>,
    /// Its latest ban.
    pub last_banned_at: DateTime<Utc>,
}

/// Trend bucket size.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Default)]
pub enum TrendBucket {
    /// Hours for ranges up to three days, days beyond.
    #[default]
    Auto,
    /// One point per hour.
    Hour,
    /// One point per day (UTC).
    Day,
}

/// Bans of one host.
#[derive(SimpleObject)]
pub struct HostBanCount {
    /// The host's name.
    pub host: String,
    /// Bans.
    pub count: i64,
}

/// Aggregations of one range, jail, host and source; its fields share the
/// figures they have in common.
pub struct Dashboard {
    pub scope: Scope,
    pub shared: dashboard::Shared,
    /// The dashboards of the scope's host (the local one's when it has none).
    pub dashboards: dashboard::DashboardService,
}

impl Dashboard {
    fn of(&self, _ctx: &Context<'_>) -> async_graphql::Result<dashboard::Dashboard<'_>> {
        Ok(self
            .dashboards
            .scoped(self.scope.clone(), self.shared.clone()))
    }
}

/// Aggregations of one range, jail, host and source; its fields share the
/// figures they have in common.
#[Object]
impl Dashboard {
    /// Bans per host, most first.
    async fn bans_by_host(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<HostBanCount>> {
        let counts = self.of(ctx)?.by_host().await.gql()?;
        let hosts = &app(ctx)?.hosts;
        let mut out = Vec::with_capacity(counts.len());
        for c in counts {
            out.push(HostBanCount {
                host: hosts.name_of(c.host_id).await.gql()?,
                count: c.count,
            });
        }
        Ok(out)
    }

    /// Totals.
    async fn summary(&self, ctx: &Context<'_>) -> async_graphql::Result<BanSummary> {
        let s = self.of(ctx)?.summary().await.gql()?;
        Ok(BanSummary {
            total_bans: s.total_bans,
            unique_ips: s.unique_ips,
            active_bans: s.active_bans,
            countries: s.countries,
        })
    }

    /// Bans per country, most first (for the world map).
    async fn bans_by_country(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<CountryBanCount>> {
        Ok(self
            .of(ctx)?
            .by_country()
            .await
            .gql()?
            .into_iter()
            .map(|c| CountryBanCount {
                country: Country::from_code(&c.code),
                count: c.count,
                unique_ips: c.unique_ips,
            })
            .collect())
    }

    /// Bans per hour or day, oldest first; empty buckets are left out.
    async fn ban_trend(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            default_with = "Some(TrendBucket::Auto)",
            desc = "Hours, days, or chosen by the range (AUTO, also for null)."
        )]
        bucket: Option<TrendBucket>,
    ) -> async_graphql::Result<Vec<TrendPoint>> {
        let bucket = match bucket.unwrap_or(TrendBucket::Auto) {
            TrendBucket::Auto => Bucket::Auto,
            TrendBucket::Hour => Bucket::Hour,
            TrendBucket::Day => Bucket::Day,
        };
        Ok(self
            .of(ctx)?
            .trend(bucket)
            .await
            .gql()?
            .into_iter()
            .map(|(start, count)| TrendPoint {
                start: bangui_core::time::to_datetime(start),
                count,
            })
            .collect())
    }

    /// Bans per jail, most first.
    async fn bans_by_jail(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<JailBanCount>> {
        Ok(self
            .of(ctx)?
            .by_jail()
            .await
            .gql()?
            .into_iter()
            .map(|(jail, count)| JailBanCount { jail, count })
            .collect())
    }

    /// The most banned addresses (at most 100).
    async fn top_ips(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            default_with = "Some(10)",
            desc = "How many addresses (10, also for null; 1 to 100)."
        )]
        limit: Option<i64>,
    ) -> async_graphql::Result<Vec<IpBanCount>> {
        self.most_banned(ctx, limit.unwrap_or(10), 1).await
    }

    /// The addresses banned at least `minBans` times, most first (at most 100).
    async fn repeat_offenders(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            default_with = "Some(3)",
            desc = "Bans an address has at least (3, also for null; 2 or more)."
        )]
        min_bans: Option<i64>,
        #[graphql(
            default_with = "Some(10)",
            desc = "How many addresses (10, also for null; 1 to 100)."
        )]
        limit: Option<i64>,
    ) -> async_graphql::Result<Vec<IpBanCount>> {
        let min_bans = min_bans.unwrap_or(3);
        if min_bans < 2 {
            return Err(error(
                ErrorCode::BadUserInput,
                "minBans must be 2 or more: an address banned once repeats nothing",
            ));
        }
        self.most_banned(ctx, limit.unwrap_or(10), min_bans).await
    }
}

impl Dashboard {
    /// The `limit` most banned addresses with at least `min_bans` bans: the
    /// addresses with that many, most first, are the head of the most banned.
    async fn most_banned(
        &self,
        ctx: &Context<'_>,
        limit: i64,
        min_bans: i64,
    ) -> async_graphql::Result<Vec<IpBanCount>> {
        if !(1..=100).contains(&limit) {
            return Err(error(
                ErrorCode::BadUserInput,
                "limit must be between 1 and 100",
            ));
        }
        Ok(self
            .of(ctx)?
            .top_ips(limit as u64)
            .await
            .gql()?
            .into_iter()
            .filter(|t| t.count >= min_bans)
            .map(|t| IpBanCount {
                country: t.country_code.as_deref().map(Country::from_code),
                ip: t.ip,
                count: t.count,
                last_banned_at: bangui_core::time::to_datetime(t.last_banned_at),
            })
            .collect())
    }
}
