//! Dashboard aggregations over the archive (from its pre-aggregated counts) or
//! over the bans fail2ban holds now.

mod archived;
mod live;
mod segments;
mod top;

use std::collections::HashMap;
use std::sync::Arc;

use sea_orm::DatabaseConnection;
use tokio::sync::OnceCell;

use crate::bans::Source;
use crate::error::ServiceResult;

/// Which bans a dashboard covers.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    pub since: Option<i64>,
    pub until: Option<i64>,
    pub jail: Option<String>,
    pub source: Source,
    /// One host's bans (`host.id`); every host's when `None`.
    pub host_id: Option<i64>,
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

/// Figures that several fields of one dashboard need (the summary and the map
/// both count bans per country, say), each computed once per dashboard. Clones
/// share them; a new dashboard starts empty.
#[derive(Clone, Default)]
pub struct Shared(Arc<Memo>);

#[derive(Default)]
struct Memo {
    by_country: OnceCell<HashMap<String, i64>>,
    by_jail: OnceCell<HashMap<String, i64>>,
    unique_ips: OnceCell<HashMap<Option<String>, i64>>,
}

/// Where dashboards read from: the archive, fail2ban's database and the
/// geolocation; built once, scoped per question.
#[derive(Clone)]
pub struct DashboardService {
    db: DatabaseConnection,
    fail2ban: crate::jails::Fail2banService,
    /// The hosts whose bans in force are counted; empty: `fail2ban`'s.
    live_hosts: Vec<crate::jails::Fail2banService>,
    geo: Arc<crate::geo::Geo>,
}

impl DashboardService {
    pub fn new(
        db: DatabaseConnection,
        fail2ban: crate::jails::Fail2banService,
        geo: Arc<crate::geo::Geo>,
    ) -> Self {
        DashboardService {
            db,
            fail2ban,
            live_hosts: Vec::new(),
            geo,
        }
    }

    /// The aggregations of `scope`, sharing `shared`'s figures.
    pub fn scoped(&self, scope: Scope, shared: Shared) -> Dashboard<'_> {
        Dashboard {
            db: &self.db,
            readers: if self.live_hosts.is_empty() {
                std::slice::from_ref(&self.fail2ban)
            } else {
                &self.live_hosts[..]
            }
            .iter()
            .map(|h| (h.host().id, h.reads().as_ref()))
            .collect(),
            geo: &self.geo,
            scope,
            shared,
        }
    }

    /// The same service reading fail2ban's own database on another host.
    pub fn on(&self, fail2ban: crate::jails::Fail2banService) -> DashboardService {
        DashboardService {
            fail2ban,
            live_hosts: Vec::new(),
            ..self.clone()
        }
    }

    /// The same service counting the bans in force of every one of `hosts`.
    pub fn reading(&self, hosts: Vec<crate::jails::Fail2banService>) -> DashboardService {
        DashboardService {
            live_hosts: hosts,
            ..self.clone()
        }
    }
}

/// Bans of one host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostCount {
    pub host_id: i64,
    pub count: i64,
}

/// Aggregations of one scope.
pub struct Dashboard<'a> {
    pub db: &'a DatabaseConnection,
    /// The scope's host's fail2ban database (the local host's when the
    /// scope has every host).
    /// The fail2ban databases the bans in force are read from, by host id.
    pub readers: Vec<(i64, &'a dyn bangui_fail2ban::db::BanReads)>,
    pub geo: &'a crate::geo::Geo,
    pub scope: Scope,
    pub shared: Shared,
}

/// Sorts by count (descending), then name, as the dashboard lists them.
fn ranked<K: Ord>(map: HashMap<K, i64>) -> Vec<(K, i64)> {
    let mut out: Vec<(K, i64)> = map.into_iter().collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

/// Puts addresses in list order (most bans, then most recent, then address) and
/// keeps the first `limit`.
fn rank_ips(ips: &mut Vec<IpCount>, limit: u64) {
    ips.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(b.last_banned_at.cmp(&a.last_banned_at))
            .then(a.ip.cmp(&b.ip))
    });
    ips.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
}

impl Dashboard<'_> {
    fn archived(&self) -> archived::Archived<'_> {
        archived::Archived {
            db: self.db,
            scope: &self.scope,
            shared: &self.shared.0,
        }
    }

    async fn live(&self) -> ServiceResult<live::Live> {
        live::Live::load(&self.readers, self.geo, &self.scope).await
    }

    pub async fn summary(&self) -> ServiceResult<Summary> {
        match self.scope.source {
            Source::Fail2ban => Ok(self.live().await?.summary()),
            Source::Archive => self.archived().summary().await,
        }
    }

    /// Bans per country, most first; addresses without a country are left out.
    pub async fn by_country(&self) -> ServiceResult<Vec<CountryCount>> {
        let mut out = match self.scope.source {
            Source::Fail2ban => self.live().await?.by_country(),
            Source::Archive => self.archived().by_country().await?,
        };
        out.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(&b.code)));
        Ok(out)
    }

    /// Bans per bucket, oldest first; empty buckets are left out.
    pub async fn trend(&self, bucket: Bucket) -> ServiceResult<Vec<(i64, i64)>> {
        let size = bucket.seconds(&self.scope, crate::time::now());
        let map = match self.scope.source {
            Source::Fail2ban => self.live().await?.trend(size),
            Source::Archive => self.archived().trend(size).await?,
        };
        let mut out: Vec<(i64, i64)> = map.into_iter().collect();
        out.sort_unstable();
        Ok(out)
    }

    /// Bans per jail, most first.
    pub async fn by_jail(&self) -> ServiceResult<Vec<(String, i64)>> {
        let map = match self.scope.source {
            Source::Fail2ban => self.live().await?.by_jail(),
            Source::Archive => self.archived().by_jail().await?,
        };
        Ok(ranked(map))
    }

    /// Bans per host, most first.
    pub async fn by_host(&self) -> ServiceResult<Vec<HostCount>> {
        let map = match self.scope.source {
            Source::Fail2ban => self.live().await?.by_host(),
            Source::Archive => self.archived().by_host().await?,
        };
        Ok(ranked(map)
            .into_iter()
            .filter(|(_, count)| *count > 0)
            .map(|(host_id, count)| HostCount { host_id, count })
            .collect())
    }

    /// The `limit` most banned addresses.
    pub async fn top_ips(&self, limit: u64) -> ServiceResult<Vec<IpCount>> {
        match self.scope.source {
            Source::Fail2ban => {
                let mut out = self.live().await?.top_ips();
                rank_ips(&mut out, limit);
                Ok(out)
            }
            Source::Archive => self.archived().top_ips(limit).await,
        }
    }
}
