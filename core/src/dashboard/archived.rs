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
use sea_orm::sea_query::{Expr, ExprTrait, Func, SimpleExpr};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Select, TryGetable,
};

use super::{CountryCount, IpCount, Memo, Scope, Summary};
use crate::bans::{self, BanFilter};
use crate::error::ServiceResult;

const HOUR: i64 = 3_600;
const DAY: i64 = 86_400;
/// The longest bucket: 32 days, a whole number of days, so ranges tile by it.
const LONG: i64 = 32 * DAY;

/// Below this many bans in range, top addresses are counted in the archive
/// directly; above it, the walk down `ban_ip_total` is cheaper.
const DIRECT_TOP_LIMIT: i64 = 20_000;

/// Candidates read per step of the top-address walk.
const TOP_STEP: u64 = 200;

/// Where the counts of one part of the range come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    /// Rows of `ban_history`.
    Rows,
    /// Whole buckets of this many seconds in `ban_count_bucket`.
    Buckets(i64),
}

/// One part of a range: `[from, to)`, open where `None`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Segment {
    part: Part,
    from: Option<i64>,
    to: Option<i64>,
}

fn floor(t: i64, size: i64) -> i64 {
    t - t.rem_euclid(size)
}

fn ceil(t: i64, size: i64) -> i64 {
    floor(t.saturating_add(size - 1), size)
}

/// Splits `[from, to)` into whole buckets of the largest `spans` that fit and the
/// rows left over at the edges. `spans` go from largest to smallest.
fn split(from: Option<i64>, to: Option<i64>, spans: &[i64], out: &mut Vec<Segment>) {
    if let (Some(f), Some(t)) = (from, to)
        && f >= t
    {
        return;
    }
    let Some((&span, rest)) = spans.split_first() else {
        out.push(Segment {
            part: Part::Rows,
            from,
            to,
        });
        return;
    };
    let first = from.map(|f| ceil(f, span));
    let last = to.map(|t| floor(t, span));
    if let (Some(a), Some(b)) = (first, last)
        && a >= b
    {
        split(from, to, rest, out);
        return;
    }
    if from.is_some() {
        split(from, first, rest, out);
    }
    out.push(Segment {
        part: Part::Buckets(span),
        from: first,
        to: last,
    });
    if to.is_some() {
        split(last, to, rest, out);
    }
}

/// The parts of the scope's range, using buckets no longer than `coarsest`.
fn segments(scope: &Scope, coarsest: i64) -> Vec<Segment> {
    let spans: Vec<i64> = [LONG, DAY, HOUR]
        .into_iter()
        .filter(|s| *s <= coarsest)
        .collect();
    let mut out = Vec::new();
    split(scope.since, scope.until, &spans, &mut out);
    out
}

/// What counts are grouped by.
#[derive(Clone, Copy)]
enum Key {
    Jail,
    Country,
    /// Start of a trend bucket of this many seconds.
    Start(i64),
}

impl Key {
    fn on_rows(self) -> SimpleExpr {
        match self {
            Key::Jail => Expr::col(ban_history::Column::Jail),
            Key::Country => Expr::cust("COALESCE(country_code, '')"),
            // BanGUI's own constant, never input.
            Key::Start(size) => Expr::cust(format!("(banned_at - (banned_at % {size}))")),
        }
    }

    fn on_buckets(self) -> SimpleExpr {
        match self {
            Key::Jail => Expr::col(ban_count_bucket::Column::Jail),
            Key::Country => Expr::col(ban_count_bucket::Column::CountryCode),
            Key::Start(size) => Expr::cust(format!("(start - (start % {size}))")),
        }
    }

    /// The largest bucket whose rows map onto one key.
    fn coarsest(self) -> i64 {
        match self {
            Key::Start(size) => size,
            Key::Jail | Key::Country => LONG,
        }
    }
}

/// Aggregations of one scope over the archive.
pub(super) struct Archived<'a> {
    pub db: &'a DatabaseConnection,
    pub scope: &'a Scope,
    pub shared: &'a Memo,
}

impl<'a> Archived<'a> {
    fn rows(
        &self,
        from: Option<i64>,
        to: Option<i64>,
    ) -> ServiceResult<Select<ban_history::Entity>> {
        bans::archive_query(
            &BanFilter {
                jail: self.scope.jail.clone(),
                since: from,
                until: to,
                ..Default::default()
            },
            crate::time::now(),
        )
    }

    /// The jail key of `ban_ip_total`: `''` stands for every jail.
    fn address_jail(&self) -> String {
        self.scope.jail.clone().unwrap_or_default()
    }

    /// Ban counts per key over the scope.
    async fn counts<T>(&self, key: Key) -> ServiceResult<HashMap<T, i64>>
    where
        T: TryGetable + Eq + Hash,
    {
        let mut out: HashMap<T, i64> = HashMap::new();
        for segment in segments(self.scope, key.coarsest()) {
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

    /// Bans per country (`''` for unknown), once per dashboard.
    async fn by_country_counts(&self) -> ServiceResult<&'a HashMap<String, i64>> {
        self.shared
            .by_country
            .get_or_try_init(|| self.counts(Key::Country))
            .await
    }

    /// Bans per jail, once per dashboard.
    async fn by_jail_counts(&self) -> ServiceResult<&'a HashMap<String, i64>> {
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
        if self.scope.until.is_some() {
            // A range that ends in the past: a last ban after it says nothing.
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

    /// The `limit` most banned addresses of the scope, in list order.
    pub(super) async fn top_ips(&self, limit: u64) -> ServiceResult<Vec<IpCount>> {
        if self.scope.since.is_none() && self.scope.until.is_none() {
            return self.top_of_all_time(limit).await;
        }
        let total: i64 = self.by_jail_counts().await?.values().sum();
        let mut top = if total <= DIRECT_TOP_LIMIT {
            let mut found = self.counted(None).await?;
            super::rank_ips(&mut found, limit);
            found
        } else {
            self.top_by_walk(limit).await?
        };
        self.add_countries(&mut top).await?;
        Ok(top)
    }

    /// Each address's country, as its address row knows it.
    async fn add_countries(&self, top: &mut [IpCount]) -> ServiceResult<()> {
        use ban_ip_total::Column as C;
        let countries: HashMap<String, String> = ban_ip_total::Entity::find()
            .filter(C::Jail.eq(self.address_jail()))
            .filter(C::Ip.is_in(top.iter().map(|t| t.ip.clone())))
            .select_only()
            .columns([C::Ip, C::CountryCode])
            .into_tuple::<(String, String)>()
            .all(self.db)
            .await?
            .into_iter()
            .collect();
        for entry in top {
            entry.country_code = countries.get(&entry.ip).filter(|c| !c.is_empty()).cloned();
        }
        Ok(())
    }

    async fn top_of_all_time(&self, limit: u64) -> ServiceResult<Vec<IpCount>> {
        use ban_ip_total::Column as C;
        let rows: Vec<(String, i64, String, i64)> = ban_ip_total::Entity::find()
            .filter(C::Jail.eq(self.address_jail()))
            .select_only()
            .columns([C::Ip, C::Bans, C::CountryCode, C::LastBannedAt])
            .order_by_desc(C::Bans)
            .order_by_desc(C::LastBannedAt)
            .order_by_asc(C::Ip)
            .limit(limit)
            .into_tuple()
            .all(self.db)
            .await?;
        Ok(rows
            .into_iter()
            .map(|(ip, count, country, last_banned_at)| IpCount {
                ip,
                count,
                country_code: (!country.is_empty()).then_some(country),
                last_banned_at,
            })
            .collect())
    }

    /// Bans per address in the scope, for the given addresses or for all; the
    /// country is left to `add_countries`, so the count reads only the index of
    /// address, kind, start and jail.
    async fn counted(&self, only: Option<&[String]>) -> ServiceResult<Vec<IpCount>> {
        let mut query = self.rows(self.scope.since, self.scope.until)?;
        if let Some(ips) = only {
            query = query.filter(ban_history::Column::Ip.is_in(ips.iter().cloned()));
        }
        let rows: Vec<(String, i64, i64)> = query
            .select_only()
            .column(ban_history::Column::Ip)
            .column_as(Expr::cust("COUNT(*)"), "count")
            .column_as(
                SimpleExpr::from(Func::max(Expr::col(ban_history::Column::BannedAt))),
                "last",
            )
            .group_by(ban_history::Column::Ip)
            .into_tuple()
            .all(self.db)
            .await?;
        Ok(rows
            .into_iter()
            .map(|(ip, count, last_banned_at)| IpCount {
                ip,
                count,
                country_code: None,
                last_banned_at,
            })
            .collect())
    }

    /// Walks addresses from the most banned of all time down, counting each one's
    /// bans in the scope; an address banned fewer times in all than the current
    /// last place has in the scope cannot enter the list, and neither can any
    /// after it.
    async fn top_by_walk(&self, limit: u64) -> ServiceResult<Vec<IpCount>> {
        use ban_ip_total::Column as C;
        let limit_len = usize::try_from(limit).unwrap_or(usize::MAX);
        let mut best: Vec<IpCount> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut offset = 0;
        loop {
            let mut query = ban_ip_total::Entity::find().filter(C::Jail.eq(self.address_jail()));
            if let Some(since) = self.scope.since {
                query = query.filter(C::LastBannedAt.gte(since));
            }
            if let Some(until) = self.scope.until {
                query = query.filter(C::FirstBannedAt.lt(until));
            }
            let candidates: Vec<(String, i64)> = query
                .select_only()
                .columns([C::Ip, C::Bans])
                // The order of ix_ban_ip_total_top, read backwards: no sort.
                .order_by_desc(C::Bans)
                .order_by_desc(C::LastBannedAt)
                .offset(offset)
                .limit(TOP_STEP)
                .into_tuple()
                .all(self.db)
                .await?;
            offset += TOP_STEP;
            let Some(&(_, lowest)) = candidates.last() else {
                break;
            };
            let fetched = candidates.len() as u64;
            // Rows written meanwhile can shift a candidate across two steps.
            let ips: Vec<String> = candidates
                .into_iter()
                .map(|(ip, _)| ip)
                .filter(|ip| seen.insert(ip.clone()))
                .collect();
            best.extend(self.counted(Some(&ips)).await?);
            super::rank_ips(&mut best, limit);
            let full = best.len() >= limit_len;
            if fetched < TOP_STEP || (full && best.last().is_some_and(|b| lowest < b.count)) {
                break;
            }
        }
        Ok(best)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::{NewBan, Origin, record_bans};

    /// The walk gives the same list as counting every address, on skewed data
    /// where most addresses are cut off early and on flat data where ties abound.
    #[tokio::test]
    async fn the_top_address_walk_matches_a_full_count() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/walk.db", dir.path().display());
        let db = crate::db::connect(&url).await.unwrap();
        crate::db::migrate(&db).await.unwrap();
        let mut state = 0x2545_f491_u64;
        let mut next = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        let base = 1_700_000_000;
        let mut bans = Vec::new();
        for i in 0..6_000u64 {
            // Half power-law (a few busy addresses), half flat over 1,500.
            let host = if i % 2 == 0 {
                (1_500f64.powf(next(1_000) as f64 / 1_000.0)) as u64
            } else {
                next(1_500)
            };
            bans.push(NewBan {
                ip: format!("10.1.{}.{}", host / 250, host % 250),
                jail: ["sshd", "postfix"][next(2) as usize].to_owned(),
                banned_at: base + next(10 * DAY as u64) as i64,
                ban_time: 600,
                ban_count: 1,
                origin: Origin::Fail2ban,
                source_id: None,
                country_code: Some("DE".to_owned()),
            });
        }
        record_bans(&db, &bans).await.unwrap();
        for (since, until, jail) in [
            (Some(base + DAY), None, None),
            (Some(base + 9 * DAY), None, Some("sshd")),
            (Some(base + 2 * DAY + 5), Some(base + 3 * DAY), None),
            (None, Some(base + DAY), Some("postfix")),
            (Some(base + 5 * DAY), Some(base + 5 * DAY + 600), None),
        ] {
            let scope = Scope {
                since,
                until,
                jail: jail.map(str::to_owned),
                ..Default::default()
            };
            let shared = Memo::default();
            let archived = Archived {
                db: &db,
                scope: &scope,
                shared: &shared,
            };
            for limit in [1, 10, 50] {
                let mut want = archived.counted(None).await.unwrap();
                super::super::rank_ips(&mut want, limit);
                let got = archived.top_by_walk(limit).await.unwrap();
                assert_eq!(got, want, "{since:?} {until:?} {jail:?} {limit}");
            }
        }
    }

    fn parts(since: Option<i64>, until: Option<i64>, coarsest: i64) -> Vec<Segment> {
        segments(
            &Scope {
                since,
                until,
                ..Default::default()
            },
            coarsest,
        )
    }

    fn seg(part: Part, from: Option<i64>, to: Option<i64>) -> Segment {
        Segment { part, from, to }
    }

    #[test]
    fn an_open_range_is_whole_long_buckets() {
        assert_eq!(
            parts(None, None, LONG),
            vec![seg(Part::Buckets(LONG), None, None)]
        );
        assert_eq!(
            parts(None, None, DAY),
            vec![seg(Part::Buckets(DAY), None, None)]
        );
    }

    #[test]
    fn months_fall_to_days_hours_then_rows() {
        let since = 100 * DAY + 3 * HOUR + 1;
        let until = 200 * DAY + 30;
        assert_eq!(
            parts(Some(since), Some(until), LONG),
            vec![
                seg(Part::Rows, Some(since), Some(100 * DAY + 4 * HOUR)),
                seg(
                    Part::Buckets(HOUR),
                    Some(100 * DAY + 4 * HOUR),
                    Some(101 * DAY)
                ),
                seg(Part::Buckets(DAY), Some(101 * DAY), Some(128 * DAY)),
                seg(Part::Buckets(LONG), Some(128 * DAY), Some(192 * DAY)),
                seg(Part::Buckets(DAY), Some(192 * DAY), Some(200 * DAY)),
                seg(Part::Rows, Some(200 * DAY), Some(until)),
            ]
        );
    }

    #[test]
    fn edges_fall_to_hours_then_rows() {
        let since = 10 * DAY + 5 * HOUR + 7;
        let until = 12 * DAY + 2 * HOUR + 30;
        assert_eq!(
            parts(Some(since), Some(until), DAY),
            vec![
                seg(Part::Rows, Some(since), Some(10 * DAY + 6 * HOUR)),
                seg(
                    Part::Buckets(HOUR),
                    Some(10 * DAY + 6 * HOUR),
                    Some(11 * DAY)
                ),
                seg(Part::Buckets(DAY), Some(11 * DAY), Some(12 * DAY)),
                seg(
                    Part::Buckets(HOUR),
                    Some(12 * DAY),
                    Some(12 * DAY + 2 * HOUR)
                ),
                seg(Part::Rows, Some(12 * DAY + 2 * HOUR), Some(until)),
            ]
        );
    }

    #[test]
    fn hourly_trends_never_read_days() {
        let since = 10 * DAY + 30;
        assert_eq!(
            parts(Some(since), None, HOUR),
            vec![
                seg(Part::Rows, Some(since), Some(10 * DAY + HOUR)),
                seg(Part::Buckets(HOUR), Some(10 * DAY + HOUR), None),
            ]
        );
    }

    #[test]
    fn a_range_inside_one_hour_is_rows_only() {
        assert_eq!(
            parts(Some(HOUR + 1), Some(HOUR + 50), DAY),
            vec![seg(Part::Rows, Some(HOUR + 1), Some(HOUR + 50))]
        );
        assert_eq!(parts(Some(HOUR), Some(HOUR), DAY), vec![]);
    }

    #[test]
    fn aligned_edges_leave_no_rows() {
        assert_eq!(
            parts(Some(DAY), Some(3 * DAY), DAY),
            vec![seg(Part::Buckets(DAY), Some(DAY), Some(3 * DAY))]
        );
    }
}
