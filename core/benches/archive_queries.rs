//! The archive's read paths on 1,000,000 bans: each dashboard aggregation, the
//! whole dashboard, and a page of bans deep in the list. SQLite always;
//! PostgreSQL too when BANGUI_BENCH_POSTGRES_URL names an empty database.
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

async fn run(name: &str, db: DatabaseConnection, dir: &std::path::Path) -> anyhow::Result<()> {
    bangui_core::db::migrate(&db).await?;
    let geo = Geo::new(MmdbResolver::open(dir.join("none.mmdb")), None, db.clone());
    let now = bangui_core::time::now();
    let started = Instant::now();
    bangui_core::demo::seed(&db, &geo, BANS, now).await?;
    println!(
        "[{name}] seeded {BANS} bans in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let reader = Fail2banDb::open(&dir.join("absent.sqlite3"))?;
    let all = Dashboard {
        db: &db,
        reader: &reader,
        geo: &geo,
        scope: Scope::default(),
    };
    let month = Dashboard {
        db: &db,
        reader: &reader,
        geo: &geo,
        scope: Scope {
            since: Some(now - 30 * 86_400),
            ..Default::default()
        },
    };
    let week = Dashboard {
        db: &db,
        reader: &reader,
        geo: &geo,
        scope: Scope {
            since: Some(now - 7 * 86_400),
            ..Default::default()
        },
    };
    println!(
        "[{name}] bansByCountry, all time: {}",
        ms(median(|| all.by_country()).await)
    );
    println!(
        "[{name}] bansByCountry, last 30 days: {}",
        ms(median(|| month.by_country()).await)
    );
    println!(
        "[{name}] banTrend hourly, last 7 days: {}",
        ms(median(|| week.trend(Bucket::Hour)).await)
    );
    let whole = median(|| async {
        let _ = tokio::join!(
            all.summary(),
            all.by_country(),
            all.trend(Bucket::Auto),
            all.by_jail(),
            all.top_ips(10)
        );
    })
    .await;
    println!("[{name}] whole dashboard, all time: {}", ms(whole));
    let whole_month = median(|| async {
        let _ = tokio::join!(
            month.summary(),
            month.by_country(),
            month.trend(Bucket::Auto),
            month.by_jail(),
            month.top_ips(10)
        );
    })
    .await;
    println!(
        "[{name}] whole dashboard, last 30 days: {}",
        ms(whole_month)
    );
    println!(
        "[{name}] topIps, last 30 days: {}",
        ms(median(|| month.top_ips(10)).await)
    );
    let filter = BanFilter {
        source: Source::Archive,
        ..Default::default()
    };
    // Walk 2,000 pages of 500 deep, then time the next page.
    let mut request = PageRequest {
        first: Some(500),
        ..Default::default()
    };
    for _ in 0..1_000 {
        let page = bans::list(&db, &reader, &filter, &request).await?;
        request.after = page.items.last().map(|(c, _)| c.clone());
    }
    let deep = median(|| bans::list(&db, &reader, &filter, &request)).await;
    println!("[{name}] a page of 500 bans 500,000 deep: {}", ms(deep));
    let small = PageRequest {
        first: Some(50),
        after: request.after.clone(),
        ..Default::default()
    };
    println!(
        "[{name}] a page of 50 bans 500,000 deep: {}",
        ms(median(|| bans::list(&db, &reader, &filter, &small)).await)
    );
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let sqlite =
        bangui_core::db::connect(&format!("sqlite://{}/bench.db", dir.path().display())).await?;
    run("sqlite", sqlite, dir.path()).await?;
    if let Ok(url) = std::env::var("BANGUI_BENCH_POSTGRES_URL") {
        let pg = bangui_core::db::connect(&url).await?;
        run("postgres", pg, dir.path()).await?;
    }
    Ok(())
}
