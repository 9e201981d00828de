//! The archive's read paths on 1,000,000 bans: each dashboard aggregation, the
//! whole dashboard, and a page of bans deep in the list. SQLite always;
//! PostgreSQL too when BANGUI_BENCH_POSTGRES_URL names a database (empty, or
//! seeded by an earlier run). BANGUI_BENCH_DIR keeps the SQLite archive.
//!
//! Each figure is the median of 7 runs after one warm-up. Run with `make bench`.

use std::time::{Duration, Instant};

use bangui_core::bans::{self, BanFilter, Source};
use bangui_core::dashboard::{Bucket, Dashboard, Scope};
use bangui_core::geo::{Geo, MmdbResolver};
use bangui_core::pagination::PageRequest;
use bangui_fail2ban::db::Fail2banDb;
use sea_orm::DatabaseConnection;

const BANS: u64 = 1_000_000;

async fn median<F, Fut, T>(mut f: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = T>,
{
    f().await;
    let mut times = Vec::new();
    for _ in 0..7 {
        let started = Instant::now();
        f().await;
        times.push(started.elapsed());
    }
    times.sort();
    times[3]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// Seeds the archive unless an earlier run left it seeded (a kept directory, or
/// a PostgreSQL database that already holds the bans).
async fn seed(name: &str, db: &DatabaseConnection, geo: &Geo, now: i64) -> anyhow::Result<()> {
    use sea_orm::{EntityTrait, PaginatorTrait};
    let archived = entity::ban_history::Entity::find().count(db).await?;
    if archived >= BANS {
        println!("[{name}] reusing the {archived} archived bans");
        return Ok(());
    }
    let started = Instant::now();
    bangui_core::demo::seed(db, geo, BANS, now).await?;
    println!(
        "[{name}] seeded {BANS} bans in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn run(name: &str, db: DatabaseConnection, dir: &std::path::Path) -> anyhow::Result<()> {
    bangui_core::db::migrate(&db).await?;
    let geo = Geo::new(MmdbResolver::open(dir.join("none.mmdb")), None, db.clone());
    let now = bangui_core::time::now();
    seed(name, &db, &geo, now).await?;
    let reader = Fail2banDb::open(&dir.join("absent.sqlite3"))?;
    // A new dashboard per run: one dashboard computes shared figures only once.
    let dashboard = |since: Option<i64>| Dashboard {
        db: &db,
        readers: vec![(0, &reader)],
        geo: &geo,
        scope: Scope {
            since,
            ..Default::default()
        },
        shared: Default::default(),
    };
    let all = None;
    let month = Some(now - 30 * 86_400);
    let week = Some(now - 7 * 86_400);
    println!(
        "[{name}] bansByCountry, all time: {}",
        ms(median(|| async { dashboard(all).by_country().await }).await)
    );
    println!(
        "[{name}] bansByCountry, last 30 days: {}",
        ms(median(|| async { dashboard(month).by_country().await }).await)
    );
    println!(
        "[{name}] banTrend hourly, last 7 days: {}",
        ms(median(|| async { dashboard(week).trend(Bucket::Hour).await }).await)
    );
    let whole = |since: Option<i64>| async move {
        let d = dashboard(since);
        let _ = tokio::join!(
            d.summary(),
            d.by_country(),
            d.trend(Bucket::Auto),
            d.by_jail(),
            d.top_ips(10)
        );
    };
    println!(
        "[{name}] whole dashboard, all time: {}",
        ms(median(|| whole(all)).await)
    );
    println!(
        "[{name}] whole dashboard, last 30 days: {}",
        ms(median(|| whole(month)).await)
    );
    println!(
        "[{name}] topIps, last 30 days: {}",
        ms(median(|| async { dashboard(month).top_ips(10).await }).await)
    );
    let filter = BanFilter {
        source: Source::Archive,
        ..Default::default()
    };
    let live = [bans::Live {
        reads: &reader,
        host_id: bangui_core::archive::LOCAL_HOST_ID,
    }];
    // Walk 2,000 pages of 500 deep, then time the next page.
    let mut request = PageRequest {
        first: Some(500),
        ..Default::default()
    };
    for _ in 0..1_000 {
        let page = bans::list(&db, &live, &filter, &request).await?;
        request.after = page.items.last().map(|(c, _)| c.clone());
    }
    let deep = median(|| bans::list(&db, &live, &filter, &request)).await;
    println!("[{name}] a page of 500 bans 500,000 deep: {}", ms(deep));
    let small = PageRequest {
        first: Some(50),
        after: request.after.clone(),
        ..Default::default()
    };
    println!(
        "[{name}] a page of 50 bans 500,000 deep: {}",
        ms(median(|| bans::list(&db, &live, &filter, &small)).await)
    );
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // BANGUI_BENCH_DIR keeps the seeded SQLite archive between runs.
    let temp = tempfile::tempdir()?;
    let dir = match std::env::var_os("BANGUI_BENCH_DIR") {
        Some(kept) => std::path::PathBuf::from(kept),
        None => temp.path().to_path_buf(),
    };
    std::fs::create_dir_all(&dir)?;
    let sqlite = bangui_core::db::connect(&format!("sqlite://{}/bench.db", dir.display())).await?;
    run("sqlite", sqlite, &dir).await?;
    if let Ok(url) = std::env::var("BANGUI_BENCH_POSTGRES_URL") {
        let pg = bangui_core::db::connect(&url).await?;
        run("postgres", pg, &dir).await?;
    }
    Ok(())
}
