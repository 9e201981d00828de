//! Memory and tick cost of the archive sync: 1,000,000 bans written into a
//! fail2ban database (its own schema, `bans` and `bips`) and archived by the
//! real sync step into an SQLite archive, with the process's resident memory
//! reported every 100,000; then the cost of a tick with every ban still in
//! force: when fail2ban wrote nothing, after one new ban, and when the
//! comparison with fail2ban's current bans is due (with one early unban, and
//! with none).
//!
//! Run with `make bench` (or `cargo bench -p bangui-core --bench sync_memory`);
//! BANGUI_BENCH_SYNC_BANS changes the number of bans.

use std::path::Path;

use std::time::{Duration, Instant};

use bangui_core::geo::{Geo, MmdbResolver};
use bangui_core::sync;
use bangui_fail2ban::db::Fail2banDb;
use bangui_test_support::fail2ban_db::Fail2banDbFixture;
use sqlx::sqlite::SqlitePool;

const STEP: u64 = 100_000;

/// The allocator the `bangui` binary runs with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Resident memory of this process, in MiB.
fn rss_mib() -> f64 {
    let pages = std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<f64>().ok())
        .unwrap_or(0.0);
    pages * 4096.0 / (1024.0 * 1024.0)
}

/// The `n`th distinct public address.
fn address(n: u64) -> String {
    let n = n + (20 << 24);
    format!(
        "{}.{}.{}.{}",
        n >> 24,
        (n >> 16) & 255,
        (n >> 8) & 255,
        n & 255
    )
}

/// fail2ban bans `count` more addresses, as its `addBan` writes them.
async fn ban(pool: &SqlitePool, from: u64, count: u64, now: i64) -> anyhow::Result<()> {
    let mut tx = pool.begin().await?;
    for n in from..from + count {
        let ip = address(n);
        let jail = if n % 10 == 0 {
            "nginx-http-auth"
        } else {
            "sshd"
        };
        let data = format!(
            r#"{{"matches": ["Failed password for root from {ip} port 22 ssh2"], "failures": 3}}"#
        );
        for sql in [
            "INSERT INTO bans VALUES (?, ?, ?, 86400, 1, ?)",
            "INSERT OR REPLACE INTO bips VALUES (?2, ?1, ?3, 86400, 1, ?4)",
        ] {
            sqlx::query(sql)
                .bind(jail)
                .bind(&ip)
                .bind(now)
                .bind(&data)
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let total: u64 = std::env::var("BANGUI_BENCH_SYNC_BANS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir()?;
    let db = bangui_core::db::connect(&format!(
        "sqlite://{}",
        dir.path().join("archive.db").display()
    ))
    .await?;
    bangui_core::db::migrate(&db).await?;
    let geo_db = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/geo-whois-asn-country.mmdb");
    let geo = Geo::new(MmdbResolver::open(&geo_db), None, db.clone());
    let f2b_path = dir.path().join("fail2ban.sqlite3");
    let pool = Fail2banDbFixture::create(&f2b_path).await.pool;
    let reader = Fail2banDb::open(&f2b_path)?;
    let now = bangui_core::time::now();
    let unbans = sync::UnbanCheck::default();

    println!("[sync] RSS at start: {:.1} MiB", rss_mib());
    let started = Instant::now();
    let mut written = 0;
    let mut peak: f64 = 0.0;
    let mut syncing = Duration::ZERO;
    while written < total {
        let count = STEP.min(total - written);
        ban(&pool, written, count, now).await?;
        written += count;
        loop {
            let t = Instant::now();
            let step = sync::step(&db, &reader, &geo, &unbans).await?;
            // As the server's geolocation upkeep does every 30 s.
            geo.flush().await?;
            syncing += t.elapsed();
            peak = peak.max(rss_mib());
            if step.read < sync::BATCH as usize {
                break;
            }
        }
        println!(
            "[sync] {written:>9} bans archived: RSS {:.1} MiB (peak so far {peak:.1} MiB), {:.0} s",
            rss_mib(),
            started.elapsed().as_secs_f64()
        );
    }

    println!(
        "[sync] first sync of {written} bans: {:.1} s in sync steps ({:.0} bans/s)",
        syncing.as_secs_f64(),
        written as f64 / syncing.as_secs_f64()
    );

    // Ticks with every ban in force.
    let mut idle = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        sync::step(&db, &reader, &geo, &unbans).await?;
        idle.push(t.elapsed());
    }
    idle.sort();
    println!(
        "[sync] tick with {written} bans in force, fail2ban idle: median {}, max {}",
        ms(idle[idle.len() / 2]),
        ms(idle[idle.len() - 1])
    );
    let mut lifted = Vec::new();
    for n in 0..5 {
        sqlx::query("DELETE FROM bips WHERE ip = ?")
            .bind(address(n * 10 + 1))
            .execute(&pool)
            .await?;
        unbans.want();
        let t = Instant::now();
        let step = sync::step(&db, &reader, &geo, &unbans).await?;
        lifted.push(t.elapsed());
        anyhow::ensure!(step.ended == 1, "one early unban expected, {step:?}");
    }
    lifted.sort();
    println!(
        "[sync] tick after one early unban in sshd, reported by the action ({} bans in force there): median {}",
        written - written / 10,
        ms(lifted[lifted.len() / 2])
    );
    let mut added = Vec::new();
    for n in 0..5 {
        ban(&pool, written + n, 1, now).await?;
        let t = Instant::now();
        let step = sync::step(&db, &reader, &geo, &unbans).await?;
        added.push(t.elapsed());
        anyhow::ensure!(step.archived == 1, "one new ban expected, {step:?}");
    }
    added.sort();
    println!(
        "[sync] tick after one new ban: median {}",
        ms(added[added.len() / 2])
    );
    let mut compared = Vec::new();
    for n in 0..5 {
        ban(&pool, written + 5 + n, 1, now).await?;
        unbans.want();
        let t = Instant::now();
        let step = sync::step(&db, &reader, &geo, &unbans).await?;
        compared.push(t.elapsed());
        anyhow::ensure!(step.ended == 0, "nothing lifted, {step:?}");
    }
    compared.sort();
    println!(
        "[sync] tick after one new ban with the unban comparison due (every {} s): median {}",
        sync::UNBAN_CHECK_EVERY.as_secs(),
        ms(compared[compared.len() / 2])
    );
    println!("[sync] RSS at the end: {:.1} MiB", rss_mib());
    Ok(())
}
