//! The most banned addresses of a scope: counted in the archive when the range
//! holds few bans, otherwise a walk down `ban_ip_total` from the most banned
//! that stops as soon as no address left can enter the list.

use std::collections::HashMap;

use entity::{ban_history, ban_ip_total};
use sea_orm::sea_query::{Expr, Func, SimpleExpr};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::IpCount;
use crate::error::ServiceResult;

use super::archived::Archived;

/// Below this many bans in range, top addresses are counted in the archive
/// directly; above it, the walk down `ban_ip_total` is cheaper.
const DIRECT_TOP_LIMIT: i64 = 20_000;

/// Candidates read per step of the top-address walk.
const TOP_STEP: u64 = 200;

impl Archived<'_> {
    /// The `limit` most banned addresses of the scope, in list order.
    pub(super) async fn top_ips(&self, limit: u64) -> ServiceResult<Vec<IpCount>> {
        if self.scope.host_id.is_some() {
            // The address tables count every host's bans together.
            let mut top = self.counted(None).await?;
            super::rank_ips(&mut top, limit);
            self.add_countries(&mut top).await?;
            return Ok(top);
        }
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
    use crate::dashboard::segments::DAY;
    use crate::dashboard::{Memo, Scope};

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
                host_id: crate::archive::LOCAL_HOST_ID,
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
}
