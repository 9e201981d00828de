//! Dashboard aggregations over the bans fail2ban holds now (its own database).

use std::collections::{HashMap, HashSet};

use super::{CountryCount, IpCount, Scope, Summary};
use crate::error::ServiceResult;

/// One ban fail2ban holds, with the country of its address.
struct LiveBan {
    host_id: i64,
    ip: String,
    jail: String,
    banned_at: i64,
    country: Option<String>,
}

/// The bans fail2ban holds now inside the scope.
pub(super) struct Live(Vec<LiveBan>);

impl Live {
    pub(super) async fn load(
        readers: &[(i64, &dyn bangui_fail2ban::db::BanReads)],
        geo: &crate::geo::Geo,
        scope: &Scope,
    ) -> ServiceResult<Live> {
        let now = crate::time::now();
        let read = readers.iter().map(|(host, reader)| async move {
            let rows = reader.current_bans(scope.jail.as_deref(), now).await?;
            Ok::<_, crate::error::ServiceError>(rows.into_iter().map(|r| (*host, r)))
        });
        let rows: Vec<_> = futures::future::try_join_all(read)
            .await?
            .into_iter()
            .flatten()
            .filter(|(_, r)| {
                scope.since.is_none_or(|s| r.time_of_ban >= s)
                    && scope.until.is_none_or(|u| r.time_of_ban < u)
            })
            .collect();
        let ips: Vec<std::net::IpAddr> =
            rows.iter().filter_map(|(_, r)| r.ip.parse().ok()).collect();
        let countries = geo.countries(&ips).await;
        Ok(Live(
            rows.into_iter()
                .map(|(host_id, r)| {
                    let country =
                        r.ip.parse()
                            .ok()
                            .and_then(|ip: std::net::IpAddr| countries.get(&ip).cloned().flatten());
                    LiveBan {
                        host_id,
                        ip: r.ip,
                        jail: r.jail,
                        banned_at: r.time_of_ban,
                        country,
                    }
                })
                .collect(),
        ))
    }

    pub(super) fn by_host(&self) -> HashMap<i64, i64> {
        let mut map = HashMap::new();
        for ban in &self.0 {
            *map.entry(ban.host_id).or_default() += 1;
        }
        map
    }

    pub(super) fn summary(&self) -> Summary {
        let rows = &self.0;
        Summary {
            total_bans: rows.len() as i64,
            unique_ips: rows.iter().map(|r| &r.ip).collect::<HashSet<_>>().len() as i64,
            active_bans: rows.len() as i64,
            countries: rows
                .iter()
                .filter_map(|r| r.country.as_ref())
                .collect::<HashSet<_>>()
                .len() as i64,
        }
    }

    pub(super) fn by_country(&self) -> Vec<CountryCount> {
        let mut map: HashMap<&str, (i64, HashSet<&str>)> = HashMap::new();
        for ban in &self.0 {
            if let Some(code) = &ban.country {
                let entry = map.entry(code).or_default();
                entry.0 += 1;
                entry.1.insert(&ban.ip);
            }
        }
        map.into_iter()
            .map(|(code, (count, ips))| CountryCount {
                code: code.to_owned(),
                count,
                unique_ips: ips.len() as i64,
            })
            .collect()
    }

    pub(super) fn trend(&self, size: i64) -> HashMap<i64, i64> {
        let mut map = HashMap::new();
        for ban in &self.0 {
            *map.entry(ban.banned_at - ban.banned_at.rem_euclid(size))
                .or_default() += 1;
        }
        map
    }

    pub(super) fn by_jail(&self) -> HashMap<String, i64> {
        let mut map = HashMap::new();
        for ban in &self.0 {
            *map.entry(ban.jail.clone()).or_default() += 1;
        }
        map
    }

    pub(super) fn top_ips(&self) -> Vec<IpCount> {
        let mut map: HashMap<&str, IpCount> = HashMap::new();
        for ban in &self.0 {
            let entry = map.entry(&ban.ip).or_insert(IpCount {
                ip: ban.ip.clone(),
                count: 0,
                country_code: ban.country.clone(),
                last_banned_at: ban.banned_at,
            });
            entry.count += 1;
            entry.last_banned_at = Ord::max(entry.last_banned_at, ban.banned_at);
        }
        map.into_values().collect()
    }
}
