//! How fast the archive takes bans: the demo generator's bans (a power-law
//! spread of addresses, a year of time, real countries) written through
//! `archive::record_bans` in its batches of 5,000; then every pre-aggregated table compared with a count of the bans
//! themselves, so that speed never comes at the price of a wrong figure. On
//! SQLite always, and on PostgreSQL when `BANGUI_TEST_POSTGRES_URL` names a
//! server (a database of its own, dropped afterwards).
//!
//! Run with `make bench` (or `cargo bench -p bangui-core --bench archive_ingest`);
//! BANGUI_BENCH_INGEST_BANS changes the number of bans (1,000,000 by default).

use std::path::Path;
use std::time::Instant;

use bangui_core::geo::{Geo, MmdbResolver};
use bangui_test_support::TestDb;

/// The allocator the `bangui` binary runs with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

async fn run(test_db: &TestDb, total: u64) -> anyhow::Result<()> {
    let db = bangui_core::db::connect(&test_db.url).await?;
    bangui_core::db::migrate(&db).await?;
    let backend = test_db.backend;
    let geo_db = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/geo-whois-asn-country.mmdb");
    let geo = Geo::new(MmdbResolver::open(&geo_db), None, db.clone());
    let now = bangui_core::time::now();
    let started = Instant::now();
    let written = bangui_core::demo::seed(&db, &geo, total, now).await?;
    let secs = started.elapsed().as_secs_f64();
    anyhow::ensure!(written == total, "{written} bans written of {total}");
    println!(
        "[ingest {backend}] {written} bans in {secs:.1} s: {:.0} bans/s",
        written as f64 / secs
    );
    for check in bangui_test_support::rollups::compare(&db).await? {
        anyhow::ensure!(check.exact, "{} differs from the bans", check.table);
        println!(
            "[ingest {backend}] {}: {} rows, exact",
            check.table, check.rows
        );
    }
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let total: u64 = std::env::var("BANGUI_BENCH_INGEST_BANS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    for test_db in TestDb::all().await {
        run(&test_db, total).await?;
    }
    Ok(())
}
