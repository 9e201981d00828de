//! IP geolocation: a local MMDB first, an optional HTTP fallback, and two tiers of
//! cache (memory, then the `geo_cache` table), always resolving addresses in batches.

pub mod asn;
pub mod countries;
pub mod enrich;
pub mod http;
pub mod mmdb_writer;
pub mod resolver;

use std::collections::{HashMap, HashSet};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use entity::geo_cache;
use quick_cache::sync::Cache;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use tracing::{debug, warn};

use crate::db::retry_busy;
use crate::error::ServiceResult;
pub use http::IpApi;
pub use resolver::{Lookup, MmdbResolver};

/// How many answers the memory tier keeps.
const MEMORY_ENTRIES: usize = 200_000;
/// How long "truly unknown" is believed before asking again.
const NEGATIVE_TTL: Duration = Duration::from_secs(6 * 3600);
/// Rows per statement when writing the persistent tier.
const WRITE_CHUNK: usize = 500;

/// An answer held in memory.
#[derive(Clone, Debug)]
struct Cached {
    country: Option<String>,
    /// Negative answers expire; positive ones stay until evicted or reloaded.
    expires: Option<Instant>,
    generation: u64,
}

/// Resolves addresses to countries.
pub struct Geo {
    resolver: MmdbResolver,
    /// Autonomous systems; without a file, none is known.
    asn: Option<MmdbResolver>,
    fallback: Option<IpApi>,
    memory: Cache<IpAddr, Cached>,
    db: DatabaseConnection,
    /// Answers not yet written to `geo_cache`.
    unwritten: Mutex<HashMap<IpAddr, (Option<String>, &'static str)>>,
    /// Addresses used since the last flush, for `last_seen_at`.
    seen: Mutex<HashSet<IpAddr>>,
}

impl Geo {
    pub fn new(resolver: MmdbResolver, fallback: Option<IpApi>, db: DatabaseConnection) -> Self {
        Self {
            resolver,
            asn: None,
            fallback,
            memory: Cache::new(MEMORY_ENTRIES),
            db,
            unwritten: Mutex::default(),
            seen: Mutex::default(),
        }
    }

    pub fn resolver(&self) -> &MmdbResolver {
        &self.resolver
    }

    /// The same service reading autonomous systems with `asn`.
    pub fn with_asn(mut self, asn: MmdbResolver) -> Self {
        self.asn = Some(asn);
        self
    }

    /// The resolver of autonomous systems, when there is one.
    pub fn asn_resolver(&self) -> Option<&MmdbResolver> {
        self.asn.as_ref()
    }

    /// The autonomous system of one address, from the local database (millions
    /// of look-ups a second, so nothing is cached).
    pub fn asn(&self, ip: IpAddr) -> Option<asn::Asn> {
        self.asn.as_ref()?.asn(ip)
    }

    /// The country of one address.
    pub async fn country(&self, ip: IpAddr) -> Option<String> {
        self.countries(&[ip]).await.remove(&ip).flatten()
    }

    /// The countries of many addresses, in as few steps as possible: the MMDB
    /// (millions of look-ups a second, so its answers are not cached), then for
    /// what it does not know the memory tier, one query of the persistent tier,
    /// and one HTTP batch per 100 left.
    pub async fn countries(&self, ips: &[IpAddr]) -> HashMap<IpAddr, Option<String>> {
        let now = Instant::now();
        let generation = self.resolver.generation();
        let mut answers = HashMap::with_capacity(ips.len());
        let mut unknown = Vec::new();
        let mut remembered = Vec::new();
        for &ip in ips {
            if answers.contains_key(&ip) {
                continue;
            }
            match self.resolver.lookup(ip) {
                Lookup::Country(code) => {
                    answers.insert(ip, Some(code));
                }
                Lookup::NotPublic => {
                    answers.insert(ip, None);
                }
                Lookup::Unknown | Lookup::NoDatabase => {
                    if let Some(hit) = self.memory.get(&ip)
                        && hit.generation == generation
                        && hit.expires.is_none_or(|e| e > now)
                    {
                        remembered.push(ip);
                        answers.insert(ip, hit.country);
                    } else {
                        unknown.push(ip);
                    }
                }
            }
        }
        if !unknown.is_empty() {
            remembered.extend(
                self.resolve_unknown(unknown, generation, &mut answers)
                    .await,
            );
        }
        if !remembered.is_empty()
            && let Ok(mut seen) = self.seen.lock()
        {
            seen.extend(remembered);
        }
        answers
    }

    /// Addresses the MMDB does not know: the persistent tier, then the fallback.
    /// Returns the addresses answered from the persistent tier.
    async fn resolve_unknown(
        &self,
        unknown: Vec<IpAddr>,
        generation: u64,
        answers: &mut HashMap<IpAddr, Option<String>>,
    ) -> Vec<IpAddr> {
        let mut left: Vec<IpAddr> = Vec::new();
        let mut stored_hits = Vec::new();
        match self.stored(&unknown).await {
            Ok(stored) => {
                for ip in unknown {
                    match stored.get(&ip) {
                        Some(country) => {
                            self.memory.insert(
                                ip,
                                Cached {
                                    country: country.clone(),
                                    expires: country
                                        .is_none()
                                        .then(|| Instant::now() + NEGATIVE_TTL),
                                    generation,
                                },
                            );
                            answers.insert(ip, country.clone());
                            stored_hits.push(ip);
                        }
                        None => left.push(ip),
                    }
                }
            }
            Err(e) => {
                warn!(error = %e, "geolocation cache unreadable");
                left = unknown;
            }
        }
        if let Some(fallback) = &self.fallback
            && !left.is_empty()
        {
            let found = fallback.lookup(&left).await;
            for ip in &left {
                match found.get(ip) {
                    // A definite answer, positive or "unknown": cache it.
                    Some(country) => {
                        self.remember(*ip, country.clone(), "http", generation);
                        answers.insert(*ip, country.clone());
                    }
                    // No answer (failure, rate limit): ask again later.
                    None => {
                        answers.insert(*ip, None);
                    }
                }
            }
            return stored_hits;
        }
        for ip in left {
            // Nobody else to ask: believe "unknown" for a while, in memory only.
            self.memory.insert(
                ip,
                Cached {
                    country: None,
                    expires: Some(Instant::now() + NEGATIVE_TTL),
                    generation,
                },
            );
            answers.insert(ip, None);
        }
        stored_hits
    }

    fn remember(&self, ip: IpAddr, country: Option<String>, source: &'static str, generation: u64) {
        let expires = country.is_none().then(|| Instant::now() + NEGATIVE_TTL);
        self.memory.insert(
            ip,
            Cached {
                country: country.clone(),
                expires,
                generation,
            },
        );
        if let Ok(mut unwritten) = self.unwritten.lock() {
            unwritten.insert(ip, (country, source));
        }
    }

    /// Stored answers for `ips` (negative ones only while fresh).
    async fn stored(&self, ips: &[IpAddr]) -> ServiceResult<HashMap<IpAddr, Option<String>>> {
        let negative_after = crate::time::now() - NEGATIVE_TTL.as_secs() as i64;
        let mut found = HashMap::new();
        for chunk in ips.chunks(WRITE_CHUNK) {
            let keys: Vec<String> = chunk.iter().map(IpAddr::to_string).collect();
            let rows = geo_cache::Entity::find()
                .filter(geo_cache::Column::Ip.is_in(keys))
                .all(&self.db)
                .await?;
            for row in rows {
                if row.country_code.is_none() && row.resolved_at < negative_after {
                    continue;
                }
                if let Ok(ip) = row.ip.parse() {
                    found.insert(ip, row.country_code);
                }
            }
        }
        Ok(found)
    }

    /// Writes new answers and `last_seen_at` of used addresses, in batches.
    pub async fn flush(&self) -> ServiceResult<(usize, usize)> {
        let unwritten: Vec<(IpAddr, (Option<String>, &'static str))> = match self.unwritten.lock() {
            Ok(mut map) => map.drain().collect(),
            Err(_) => Vec::new(),
        };
        let seen: Vec<IpAddr> = match self.seen.lock() {
            Ok(mut set) => set.drain().collect(),
            Err(_) => Vec::new(),
        };
        let now = crate::time::now();
        for chunk in unwritten.chunks(WRITE_CHUNK) {
            let rows: Vec<geo_cache::ActiveModel> = chunk
                .iter()
                .map(|(ip, (country, source))| geo_cache::ActiveModel {
                    ip: Set(ip.to_string()),
                    country_code: Set(country.clone()),
                    source: Set((*source).to_owned()),
                    resolved_at: Set(now),
                    last_seen_at: Set(now),
                })
                .collect();
            retry_busy(|| {
                geo_cache::Entity::insert_many(rows.clone())
                    .on_conflict(
                        OnConflict::column(geo_cache::Column::Ip)
                            .update_columns([
                                geo_cache::Column::CountryCode,
                                geo_cache::Column::Source,
                                geo_cache::Column::ResolvedAt,
                                geo_cache::Column::LastSeenAt,
                            ])
                            .to_owned(),
                    )
                    .exec(&self.db)
            })
            .await?;
        }
        for chunk in seen.chunks(WRITE_CHUNK) {
            let keys: Vec<String> = chunk.iter().map(IpAddr::to_string).collect();
            retry_busy(|| {
                geo_cache::Entity::update_many()
                    .col_expr(geo_cache::Column::LastSeenAt, Expr::value(now))
                    .filter(geo_cache::Column::Ip.is_in(keys.clone()))
                    .exec(&self.db)
            })
            .await?;
        }
        debug!(
            written = unwritten.len(),
            touched = seen.len(),
            "geolocation cache flushed"
        );
        Ok((unwritten.len(), seen.len()))
    }

    /// Loads the most recently used stored answers into memory.
    pub async fn prewarm(&self, limit: u64) -> ServiceResult<usize> {
        use sea_orm::{QueryOrder, QuerySelect};
        let generation = self.resolver.generation();
        let rows = geo_cache::Entity::find()
            .filter(geo_cache::Column::CountryCode.is_not_null())
            .order_by_desc(geo_cache::Column::LastSeenAt)
            .limit(limit)
            .all(&self.db)
            .await?;
        let mut n = 0;
        for row in rows {
            if let Ok(ip) = row.ip.parse() {
                self.memory.insert(
                    ip,
                    Cached {
                        country: row.country_code,
                        expires: None,
                        generation,
                    },
                );
                n += 1;
            }
        }
        Ok(n)
    }

    /// Removes stored answers unseen since `before` (Unix seconds).
    pub async fn purge_unseen(&self, before: i64) -> ServiceResult<u64> {
        let done = retry_busy(|| {
            geo_cache::Entity::delete_many()
                .filter(geo_cache::Column::LastSeenAt.lt(before))
                .exec(&self.db)
        })
        .await?;
        Ok(done.rows_affected)
    }
}
