//! Realistic demo data for the archive: a few jails, a power-law spread of
//! attacking addresses (a few very busy, most seen once or twice), their real
//! countries when a geolocation database is loaded, and a year of time with
//! daily and weekly rhythm.

use std::net::{IpAddr, Ipv4Addr};

use entity::ban_history;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use crate::archive::{self, NewBan, Origin};
use crate::error::ServiceResult;
use crate::geo::Geo;
use crate::net::is_public;

/// Rows written per batch.
const BATCH: usize = 10_000;

/// A small, fixed pseudo-random generator (xorshift64*), so demos repeat.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// A float in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Countries for addresses the database does not place, weighted like typical
/// attack traffic.
const FALLBACK_COUNTRIES: &[(&str, u64)] = &[
    ("CN", 22),
    ("US", 14),
    ("RU", 9),
    ("IN", 6),
    ("BR", 6),
    ("VN", 5),
    ("DE", 4),
    ("KR", 4),
    ("NL", 4),
    ("ID", 3),
    ("FR", 3),
    ("GB", 3),
    ("IR", 2),
    ("TW", 2),
    ("SG", 2),
    ("UA", 2),
    ("TR", 2),
    ("HK", 2),
    ("AR", 1),
    ("MX", 1),
    ("TH", 1),
    ("JP", 1),
    ("ZA", 1),
    ("PK", 1),
];

fn fallback_country(rng: &mut Rng) -> String {
    let total: u64 = FALLBACK_COUNTRIES.iter().map(|(_, w)| w).sum();
    let mut pick = rng.below(total);
    for (code, weight) in FALLBACK_COUNTRIES {
        if pick < *weight {
            return (*code).to_owned();
        }
        pick -= weight;
    }
    "US".to_owned()
}

fn public_address(rng: &mut Rng) -> IpAddr {
    loop {
        let ip = IpAddr::V4(Ipv4Addr::from((rng.next() >> 32) as u32));
        if is_public(ip) {
            return ip;
        }
    }
}

/// Adds `count` bans ending at `now`; returns how many rows were written.
pub async fn seed(db: &DatabaseConnection, geo: &Geo, count: u64, now: i64) -> ServiceResult<u64> {
    let mut rng = Rng(0x5eed_ba25_0000_0001 ^ count);
    // Distinct attackers: about one per three bans, picked with a Zipf-like law.
    let pool_size = (count / 3).max(10) as usize;
    let pool: Vec<IpAddr> = (0..pool_size).map(|_| public_address(&mut rng)).collect();
    let located = if geo.resolver().is_loaded() {
        geo.countries(&pool).await
    } else {
        Default::default()
    };
    let countries: Vec<String> = pool
        .iter()
        .map(|ip| {
            located
                .get(ip)
                .cloned()
                .flatten()
                .unwrap_or_else(|| fallback_country(&mut rng))
        })
        .collect();
    let jails = [
        ("sshd", 60),
        ("nginx-http-auth", 20),
        ("postfix", 10),
        ("recidive", 5),
        ("blocklist", 5),
    ];
    let year = 365 * 86_400;
    let mut written = 0u64;
    let mut batch = Vec::with_capacity(BATCH);
    // A pick that repeats a ban still open (one fail2ban would never make) is
    // not archived; more are drawn until `count` are.
    while written < count {
        // rank ~ pool_size^u: a few addresses take a large share.
        let rank = ((pool_size as f64).powf(rng.unit()) as usize)
            .saturating_sub(1)
            .min(pool_size - 1);
        let mut pick = rng.below(100);
        let jail = jails
            .iter()
            .find(|(_, w)| {
                if pick < *w {
                    true
                } else {
                    pick -= w;
                    false
                }
            })
            .map_or("sshd", |(j, _)| *j);
        // Younger bans are more frequent (traffic grows), spread over the hours.
        let age = (year as f64 * rng.unit().powf(1.6)) as i64;
        let spread = (rng.unit() * 6.0 * 3_600.0) as i64;
        let banned_at = now - age - spread;
        let origin = match (jail, rng.below(20)) {
            ("blocklist", _) => Origin::Blocklist,
            (_, 0) => Origin::Manual,
            _ => Origin::Fail2ban,
        };
        let ban_time = match jail {
            "recidive" => 604_800,
            "blocklist" => -1,
            _ => [600, 3_600, 86_400][rng.below(3) as usize],
        };
        batch.push(NewBan {
            ip: pool[rank].to_string(),
            jail: jail.to_owned(),
            banned_at,
            ban_time,
            ban_count: 1 + (rng.below(4) as i32),
            origin,
            source_id: None,
            host_id: crate::archive::LOCAL_HOST_ID,
            country_code: Some(countries[rank].clone()),
        });
        if batch.len() as u64 == (count - written).min(BATCH as u64) {
            written += archive::record_bans(db, &batch).await?;
            batch.clear();
        }
    }
    // Bans that have run out are closed, as the archive sync records expiries.
    ban_history::Entity::update_many()
        .col_expr(
            ban_history::Column::EndedAt,
            Expr::col(ban_history::Column::ExpiresAt),
        )
        .filter(ban_history::Column::Kind.eq(entity::kinds::EventKind::Ban))
        .filter(ban_history::Column::EndedAt.is_null())
        .filter(ban_history::Column::ExpiresAt.lte(now))
        .exec(db)
        .await?;
    Ok(written)
}
