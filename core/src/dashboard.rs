//! Dashboard aggregations over the archive (GROUP BY on indexed columns) or over
//! the bans fail2ban holds now.

use std::collections::{HashMap, HashSet};

use entity::ban_history;
use sea_orm::sea_query::{Expr, ExprTrait, Func, SimpleExpr};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Select,
};

use crate::bans::{self, BanFilter, Source};
use crate::error::ServiceResult;

/// Which bans a dashboard covers.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    pub since: Option<i64>,
    pub until: Option<i64>,
    pub jail: Option<String>,
    pub source: Source,
}

/// Totals.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub total_bans: i64,
    pub unique_ips: i64,
    pub active_bans: i64,
    pub countries: i64,
}

/// Bans of one country.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CountryCount {
    pub code: String,
    pub count: i64,
    pub unique_ips: i64,
}

/// Bans of one address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IpCount {
    pub ip: String,
    pub count: i64,
    pub country_code: Option<String>,
    pub last_banned_at: i64,
}

/// Trend bucket size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bucket {
    Auto,
    Hour,
    Day,
}

impl Bucket {
    /// Seconds per bucket; AUTO picks hours for ranges up to three days.
    pub fn seconds(self, scope: &Scope, now: i64) -> i64 {
        match self {
            Bucket::Hour => 3_600,
            Bucket::Day => 86_400,
            Bucket::Auto => {
                let span = scope.until.unwrap_or(now) - scope.since.unwrap_or(0);
                if span <= 3 * 86_400 { 3_600 } else { 86_400 }
            }
        }
    }
}

fn archive(scope: &Scope) -> ServiceResult<Select<ban_history::Entity>> {
    let filter = BanFilter {
        jail: scope.jail.clone(),
        since: scope.since,
        until: scope.until,
        ..Default::default()
    };
    bans::archive_query(&filter, crate::time::now())
}

fn count_distinct(column: ban_history::Column) -> SimpleExpr {
    Expr::cust(format!("COUNT(DISTINCT {})", column_name(column)))
}

fn column_name(column: ban_history::Column) -> &'static str {
    match column {
        ban_history::Column::Ip => "ip",
        ban_history::Column::CountryCode => "country_code",
        _ => "id",
    }
}

/// The bans in scope that fail2ban holds now, as (ip, jail, banned_at, country).
async fn live(
    reader: &bangui_fail2ban::db::Fail2banDb,
    geo: &crate::geo::Geo,
    scope: &Scope,
) -> ServiceResult<Vec<(String, String, i64, Option<String>)>> {
    let rows = reader
        .current_bans(scope.jail.as_deref(), crate::time::now())
        .await?;
    let rows: Vec<_> = rows
        .into_iter()
        .filter(|r| {
            scope.since.is_none_or(|s| r.time_of_ban >= s)
                && scope.until.is_none_or(|u| r.time_of_ban < u)
        })
        .collect();
    let ips: Vec<std::net::IpAddr> = rows.iter().filter_map(|r| r.ip.parse().ok()).collect();
    let countries = geo.countries(&ips).await;
    Ok(rows
        .into_iter()
        .map(|r| {
            let country =
                r.ip.parse()
                    .ok()
                    .and_then(|ip: std::net::IpAddr| countries.get(&ip).cloned().flatten());
            (r.ip, r.jail, r.time_of_ban, country)
        })
        .collect())
}

/// Aggregations of one scope.
pub struct Dashboard<'a> {
    pub db: &'a DatabaseConnection,
    pub reader: &'a bangui_fail2ban::db::Fail2banDb,
    pub geo: &'a crate::geo::Geo,
    pub scope: Scope,
}

impl Dashboard<'_> {
    pub async fn summary(&self) -> ServiceResult<Summary> {
        if self.scope.source == Source::Fail2ban {
            let rows = live(self.reader, self.geo, &self.scope).await?;
            return Ok(Summary {
                total_bans: rows.len() as i64,
                unique_ips: rows.iter().map(|r| &r.0).collect::<HashSet<_>>().len() as i64,
                active_bans: rows.len() as i64,
                countries: rows
                    .iter()
                    .filter_map(|r| r.3.as_ref())
                    .collect::<HashSet<_>>()
                    .len() as i64,
            });
        }
        let now = crate::time::now();
        let totals: Option<(i64, i64, i64)> = archive(&self.scope)?
            .select_only()
            .column_as(Expr::col(ban_history::Column::Id).count(), "total")
            .column_as(count_distinct(ban_history::Column::Ip), "ips")
            .column_as(
                count_distinct(ban_history::Column::CountryCode),
                "countries",
            )
            .into_tuple()
            .one(self.db)
            .await?;
        let active = archive(&self.scope)?
            .filter(ban_history::Column::EndedAt.is_null())
            .filter(
                Condition::any()
                    .add(ban_history::Column::ExpiresAt.is_null())
                    .add(ban_history::Column::ExpiresAt.gt(now)),
            )
            .count(self.db)
            .await?;
        let (total_bans, unique_ips, countries) = totals.unwrap_or_default();
        Ok(Summary {
            total_bans,
            unique_ips,
            active_bans: i64::try_from(active).unwrap_or(i64::MAX),
            countries,
        })
    }

    pub async fn by_country(&self) -> ServiceResult<Vec<CountryCount>> {
        if self.scope.source == Source::Fail2ban {
            let rows = live(self.reader, self.geo, &self.scope).await?;
            let mut map: HashMap<String, (i64, HashSet<String>)> = HashMap::new();
            for (ip, _, _, country) in rows {
                if let Some(code) = country {
                    let entry = map.entry(code).or_default();
                    entry.0 += 1;
                    entry.1.insert(ip);
                }
            }
            let mut out: Vec<CountryCount> = map
                .into_iter()
                .map(|(code, (count, ips))| CountryCount {
                    code,
                    count,
                    unique_ips: ips.len() as i64,
                })
                .collect();
            out.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(&b.code)));
            return Ok(out);
        }
        let rows: Vec<(String, i64, i64)> = archive(&self.scope)?
            .filter(ban_history::Column::CountryCode.is_not_null())
            .select_only()
            .column(ban_history::Column::CountryCode)
            .column_as(Expr::col(ban_history::Column::Id).count(), "count")
            .column_as(count_distinct(ban_history::Column::Ip), "ips")
            .group_by(ban_history::Column::CountryCode)
            .into_tuple()
            .all(self.db)
            .await?;
        let mut out: Vec<CountryCount> = rows
            .into_iter()
            .map(|(code, count, unique_ips)| CountryCount {
                code,
                count,
                unique_ips,
            })
            .collect();
        out.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(&b.code)));
        Ok(out)
    }

    /// Bans per bucket, oldest first; empty buckets are left out.
    pub async fn trend(&self, bucket: Bucket) -> ServiceResult<Vec<(i64, i64)>> {
        let size = bucket.seconds(&self.scope, crate::time::now());
        if self.scope.source == Source::Fail2ban {
            let rows = live(self.reader, self.geo, &self.scope).await?;
            let mut map: HashMap<i64, i64> = HashMap::new();
            for (_, _, at, _) in rows {
                *map.entry(at - at.rem_euclid(size)).or_default() += 1;
            }
            let mut out: Vec<(i64, i64)> = map.into_iter().collect();
            out.sort_unstable();
            return Ok(out);
        }
        // `size` is BanGUI's own constant, never input: safe to write inline, and
        // the SELECT and GROUP BY expressions stay identical on PostgreSQL.
        let start = Expr::cust(format!("(banned_at - (banned_at % {size}))"));
        let rows: Vec<(i64, i64)> = archive(&self.scope)?
            .select_only()
            .column_as(start.clone(), "start")
            .column_as(Expr::col(ban_history::Column::Id).count(), "count")
            .group_by(start)
            .into_tuple()
            .all(self.db)
            .await?;
        let mut out = rows;
        out.sort_unstable();
        Ok(out)
    }

    pub async fn by_jail(&self) -> ServiceResult<Vec<(String, i64)>> {
        if self.scope.source == Source::Fail2ban {
            let rows = live(self.reader, self.geo, &self.scope).await?;
            let mut map: HashMap<String, i64> = HashMap::new();
            for (_, jail, _, _) in rows {
                *map.entry(jail).or_default() += 1;
            }
            let mut out: Vec<(String, i64)> = map.into_iter().collect();
            out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            return Ok(out);
        }
        let mut rows: Vec<(String, i64)> = archive(&self.scope)?
            .select_only()
            .column(ban_history::Column::Jail)
            .column_as(Expr::col(ban_history::Column::Id).count(), "count")
            .group_by(ban_history::Column::Jail)
            .into_tuple()
            .all(self.db)
            .await?;
        rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        Ok(rows)
    }

    pub async fn top_ips(&self, limit: u64) -> ServiceResult<Vec<IpCount>> {
        if self.scope.source == Source::Fail2ban {
            let rows = live(self.reader, self.geo, &self.scope).await?;
            let mut map: HashMap<String, IpCount> = HashMap::new();
            for (ip, _, at, country) in rows {
                let entry = map.entry(ip.clone()).or_insert(IpCount {
                    ip,
                    count: 0,
                    country_code: country,
                    last_banned_at: at,
                });
                entry.count += 1;
                entry.last_banned_at = Ord::max(entry.last_banned_at, at);
            }
            let mut out: Vec<IpCount> = map.into_values().collect();
            out.sort_by(|a, b| {
                b.count
                    .cmp(&a.count)
                    .then(b.last_banned_at.cmp(&a.last_banned_at))
                    .then(a.ip.cmp(&b.ip))
            });
            out.truncate(limit as usize);
            return Ok(out);
        }
        let count = Expr::col(ban_history::Column::Id).count();
        let rows: Vec<(String, i64, Option<String>, i64)> = archive(&self.scope)?
            .select_only()
            .column(ban_history::Column::Ip)
            .column_as(count.clone(), "count")
            .column_as(
                SimpleExpr::from(Func::max(Expr::col(ban_history::Column::CountryCode))),
                "country",
            )
            .column_as(
                SimpleExpr::from(Func::max(Expr::col(ban_history::Column::BannedAt))),
                "last",
            )
            .group_by(ban_history::Column::Ip)
            .order_by_desc(count)
            .order_by_desc(SimpleExpr::from(Func::max(Expr::col(
                ban_history::Column::BannedAt,
            ))))
            .order_by_asc(ban_history::Column::Ip)
            .limit(limit)
            .into_tuple()
            .all(self.db)
            .await?;
        Ok(rows
            .into_iter()
            .map(|(ip, count, country_code, last_banned_at)| IpCount {
                ip,
                count,
                country_code,
                last_banned_at,
            })
            .collect())
    }
}
