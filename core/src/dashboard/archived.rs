//! Dashboard aggregations over the archive, read from the pre-aggregated tables
//! that triggers keep in step with `ban_history` (see the migration
//! `create_ban_rollups`):
//!
//! - counts split the range into whole days and hours, read from
//!   `ban_count_bucket`, and the partial hours at either end, counted in
//!   `ban_history` itself (a short range of its `banned_at` index);
//! - unique addresses of a range open at its end are those whose last ban falls
//!   inside it: whole days from `ban_ip_day`, the part day at the start from the
//!   last-ban index of `ban_ip_total`; a range that ends in the past counts the
//!   archive;
//! - top addresses walk `ban_ip_total` from the most banned down and stop as soon
//!   as no address left can enter the list.
//!
//! Every figure is exact.
use std::collections::HashMap;
use std::hash::Hash;

use entity::{ban_count_bucket, ban_history, ban_ip_day, ban_ip_total};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QuerySelect, Select, TryGetable,
};

use super::{CountryCount, Memo, Scope, Summary};
use crate::bans::{self, BanFilter};
use crate::error::ServiceResult;

use super::segments::{DAY, Key, Part, ceil, segments};

/// Aggregations of one scope over the archive.
pub(super) struct Archived<'a> {
    pub db: &'a DatabaseConnection,
    pub scope: &'a Scope,
    pub shared: &'a Memo,
}

impl<'a> Archived<'a> {
    pub(super) fn rows(
        &self,
        from: Option<i64>,
        to: Option<i64>,
    ) -> ServiceResult<Select<ban_history::Entity>> {
        bans::archive_query(
            &BanFilter {
                jail: self.scope.jail.clone(),
                since: from,
                until: to,
                host_id: self.scope.host_id,
                ..Default::default()
            },
            crate::time::now(),
        )
    }

    /// The jail key of `ban_ip_total`: `''` stands for every jail.
    pub(super) fn address_jail(&self) -> String {
        self.scope.jail.clone().unwrap_or_default()
    }

    /// Ban counts per key over the scope.
    async fn counts<T>(&self, key: Key) -> ServiceResult<HashMap<T, i64>>
    where
        T: TryGetable + Eq + Hash,
    {
        let mut out: HashMap<T, i64> = HashMap::new();
        for segment in self.segments(key.coarsest()) {
            let rows: Vec<(T, i64)> = match segment.part {
                Part::Rows => {
                    self.rows(segment.from, segment.to)?
                        .select_only()
                        .column_as(key.on_rows(), "key")
                        .column_as(Expr::col(ban_history::Column::Id).count(), "count")
                        .group_by(key.on_rows())
                        .into_tuple()
                        .all(self.db)
                        .await?
                }
                Part::Buckets(span) => {
                    use ban_count_bucket::Column as C;
                    let mut query = ban_count_bucket::Entity::find()
                        .filter(C::Span.eq(span as i32))
                        .select_only()
                        .column_as(key.on_buckets(), "key")
                        .column_as(Expr::cust("CAST(SUM(bans) AS BIGINT)"), "count")
                        .group_by(key.on_buckets());
                    if let Some(from) = segment.from {
                        query = query.filter(C::Start.gte(from));
                    }
                    if let Some(to) = segment.to {
                        query = query.filter(C::Start.lt(to));
                    }
                    if let Some(jail) = &self.scope.jail {
                        query = query.filter(C::Jail.eq(jail.as_str()));
                    }
                    query.into_tuple().all(self.db).await?
                }
            };
            for (k, n) in rows {
                *out.entry(k).or_default() += n;
            }
        }
        out.retain(|_, n| *n > 0);
        Ok(out)
    }

    /// The parts of the range: whole buckets and edge rows, or for one host
    /// (the buckets count every host's bans together) the rows throughout.
    fn segments(&self, coarsest: i64) -> Vec<super::segments::Segment> {
        if self.scope.host_id.is_some() {
            return vec![super::segments::Segment {
                part: Part::Rows,
                from: self.scope.since,
                to: self.scope.until,
            }];
        }
        segments(self.scope, coarsest)
    }

    /// Bans per host: whole buckets of `ban_host_bucket` and the rows at the
    /// edges; rows throughout when the scope has one jail.
    pub(super) async fn by_host(&self) -> ServiceResult<HashMap<i64, i64>> {
        use entity::ban_host_bucket::Column as C;
        let parts = if self.scope.jail.is_some() {
            vec![super::segments::Segment {
                part: Part::Rows,
                from: self.scope.since,
                to: self.scope.until,
            }]
        } else {
            segments(self.scope, super::segments::LONG)
        };
        let mut out: HashMap<i64, i64> = HashMap::new();
        for segment in parts {
            let rows: Vec<(i64, i64)> = match segment.part {
                Part::Rows => {
                    self.rows(segment.from, segment.to)?
                        .select_only()
                        .column(ban_history::Column::HostId)
                        .column_as(Expr::col(ban_history::Column::Id).count(), "count")
                        .group_by(ban_history::Column::HostId)
                        .into_tuple()
                        .all(self.db)
                        .await?
                }
                Part::Buckets(span) => {
                    let mut query = entity::ban_host_bucket::Entity::find()
                        .filter(C::Span.eq(span as i32))
                        .select_only()
                        .column(C::HostId)
                        .column_as(Expr::cust("CAST(SUM(bans) AS BIGINT)"), "count")
                        .group_by(C::HostId);
                    if let Some(from) = segment.from {
                        query = query.filter(C::Start.gte(from));
                    }
                    if let Some(to) = segment.to {
                        query = query.filter(C::Start.lt(to));
                    }
                    if let Some(host) = self.scope.host_id {
                        query = query.filter(C::HostId.eq(host));
                    }
                    query.into_tuple().all(self.db).await?
                }
            };
            for (host, n) in rows {
                *out.entry(host).or_default() += n;
            }
        }
        out.retain(|_, n| *n > 0);
        Ok(out)
    }

    /// Bans per country (`''` for unknown), once per dashboard.
    async fn by_country_counts(&self) -> ServiceResult<&'a HashMap<String, i64>> {
        self.shared
            .by_country
            .get_or_try_init(|| self.counts(Key::Country))
            .await
    }

    /// Bans per jail, once per dashboard.
    pub(super) async fn by_jail_counts(&self) -> ServiceResult<&'a HashMap<String, i64>> {
        self.shared
            .by_jail
            .get_or_try_init(|| self.counts(Key::Jail))
            .await
    }

    /// Addresses banned in the scope, once per dashboard.
    async fn unique_ips(&self) -> ServiceResult<&'a HashMap<Option<String>, i64>> {
        self.shared
            .unique_ips
            .get_or_try_init(|| self.count_unique_ips())
            .await
    }

    /// Addresses banned in the scope: all of them under `None`, else per country.
    async fn count_unique_ips(&self) -> ServiceResult<HashMap<Option<String>, i64>> {
        let mut out = HashMap::new();
        if self.scope.until.is_some() || self.scope.host_id.is_some() {
            // A range that ends in the past: a last ban after it says nothing;
            // the address tables count every host's bans together.
            let total: Option<i64> = self
                .rows(self.scope.since, self.scope.until)?
                .select_only()
                .column_as(Expr::cust("COUNT(DISTINCT ip)"), "ips")
                .into_tuple()
                .one(self.db)
                .await?;
            out.insert(None, total.unwrap_or(0));
            let per_country: Vec<(String, i64)> = self
                .rows(self.scope.since, self.scope.until)?
                .filter(ban_history::Column::CountryCode.is_not_null())
                .select_only()
                .column(ban_history::Column::CountryCode)
                .column_as(Expr::cust("COUNT(DISTINCT ip)"), "ips")
                .group_by(ban_history::Column::CountryCode)
                .into_tuple()
                .all(self.db)
                .await?;
            out.extend(per_country.into_iter().map(|(c, n)| (Some(c), n)));
            return Ok(out);
        }
        let jail = self.address_jail();
        let first_day = self.scope.since.map(|s| ceil(s, DAY));
        let mut days =
            ban_ip_day::Entity::find().filter(ban_ip_day::Column::Jail.eq(jail.as_str()));
        if let Some(day) = first_day {
            days = days.filter(ban_ip_day::Column::Day.gte(day));
        }
        let mut per_country: Vec<(String, i64)> = days
            .select_only()
            .column(ban_ip_day::Column::CountryCode)
            .column_as(Expr::cust("CAST(SUM(addresses) AS BIGINT)"), "ips")
            .group_by(ban_ip_day::Column::CountryCode)
            .into_tuple()
            .all(self.db)
            .await?;
        if let (Some(since), Some(day)) = (self.scope.since, first_day)
            && since < day
        {
            // The part day before the first whole one, from the last-ban index.
            use ban_ip_total::Column as C;
            let edge: Vec<(String, i64)> = ban_ip_total::Entity::find()
                .filter(C::Jail.eq(jail.as_str()))
                .filter(C::LastBannedAt.gte(since))
                .filter(C::LastBannedAt.lt(day))
                .select_only()
                .column(C::CountryCode)
                .column_as(Expr::cust("COUNT(*)"), "ips")
                .group_by(C::CountryCode)
                .into_tuple()
                .all(self.db)
                .await?;
            per_country.extend(edge);
        }
        for (country, n) in per_country {
            *out.entry(None).or_default() += n;
            if !country.is_empty() {
                *out.entry(Some(country)).or_default() += n;
            }
        }
        out.entry(None).or_default();
        Ok(out)
    }

    async fn active(&self) -> ServiceResult<i64> {
        let now = crate::time::now();
        let active = self
            .rows(self.scope.since, self.scope.until)?
            .filter(ban_history::Column::EndedAt.is_null())
            .filter(
                Condition::any()
                    .add(ban_history::Column::ExpiresAt.is_null())
                    .add(ban_history::Column::ExpiresAt.gt(now)),
            )
            .count(self.db)
            .await?;
        Ok(i64::try_from(active).unwrap_or(i64::MAX))
    }

    pub(super) async fn summary(&self) -> ServiceResult<Summary> {
        let by_country = self.by_country_counts().await?;
        let unique = self.unique_ips().await?;
        Ok(Summary {
            total_bans: by_country.values().sum(),
            unique_ips: unique.get(&None).copied().unwrap_or(0),
            active_bans: self.active().await?,
            countries: by_country.keys().filter(|c| !c.is_empty()).count() as i64,
        })
    }

    pub(super) async fn by_country(&self) -> ServiceResult<Vec<CountryCount>> {
        let counts = self.by_country_counts().await?;
        let unique = self.unique_ips().await?;
        Ok(counts
            .iter()
            .filter(|(code, _)| !code.is_empty())
            .map(|(code, &count)| CountryCount {
                unique_ips: unique.get(&Some(code.clone())).copied().unwrap_or(0),
                code: code.clone(),
                count,
            })
            .collect())
    }

    pub(super) async fn trend(&self, size: i64) -> ServiceResult<HashMap<i64, i64>> {
        self.counts(Key::Start(size)).await
    }

    pub(super) async fn by_jail(&self) -> ServiceResult<HashMap<String, i64>> {
        Ok(self.by_jail_counts().await?.clone())
    }
}
