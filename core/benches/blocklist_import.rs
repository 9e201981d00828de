//! Blocklist imports.
//!
//! 1. BanGUI's own work for lists of 100,000 and 1,000,000 addresses, served by
//!    a local HTTP server: download, parse (deduplication included), select the
//!    bannable addresses, record the list's provenance rows.
//! 2. End to end into a sandboxed fail2ban jail (`BANGUI_BENCH_IMPORT_ADDRESSES`
//!    addresses, 10,000 by default; fail2ban's dummy action costs a few ms per
//!    address, so a million would take over an hour): a real import run, then
//!    fail2ban's own time for the same addresses in multi-address `banip`
//!    commands, then one `fail2ban-client ... banip` per address on a sample.
//! 3. While the import runs, how long the GUI's `jails` read (jail list and each
//!    jail's status) waits.
//!
//! Run with `make bench`.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::get;
use bangui_core::blocklist::fetch::{FetchOptions, Fetched, Fetcher, UrlPolicy, Validators};
use bangui_core::blocklist::parse;
use bangui_core::blocklist::run::Importer;
use bangui_core::blocklist::selection::{Networks, bannable};
use bangui_core::blocklist::{provenance, queue};
use bangui_core::geo::{Geo, MmdbResolver};
use bangui_core::jails::{BAN_BATCH, Fail2banService};
use bangui_fail2ban::db::Fail2banDb;
use bangui_fail2ban::{Fail2ban, SocketClient};
use bangui_test_support::Sandbox;
use entity::blocklist_source;
use ipnet::IpNet;
use sea_orm::{ActiveModelTrait, DatabaseConnection, Set};

/// Public addresses from 45.0.0.1 on, each once, with a comment line every 1,000.
fn list(count: usize, first: u32) -> String {
    let mut out = String::with_capacity(count * 16);
    out.push_str("# benchmark list\n");
    for i in 0..count as u32 {
        if i % 1_000 == 0 {
            out.push_str("; block\n");
        }
        out.push_str(&Ipv4Addr::from(first + i).to_string());
        out.push('\n');
    }
    out
}

async fn serve(body: String) -> anyhow::Result<String> {
    let body = axum::body::Bytes::from(body);
    let app = Router::new().route("/list.txt", get(move || async move { body.clone() }));
    Ok(bangui_test_support::lists::serve(app).await + "/list.txt")
}

fn fetcher() -> anyhow::Result<Fetcher> {
    Ok(Fetcher::new(FetchOptions {
        policy: UrlPolicy {
            allow_private: true,
            allowed_networks: Vec::new(),
            ..Default::default()
        },
        max_bytes: 256 * 1024 * 1024,
        ..Default::default()
    })?)
}

async fn source(db: &DatabaseConnection, url: &str) -> anyhow::Result<blocklist_source::Model> {
    let now = bangui_core::time::now();
    Ok(blocklist_source::ActiveModel {
        name: Set(format!("bench {now} {url}")),
        url: Set(url.to_owned()),
        jail: Set("blocklist".into()),
        enabled: Set(false),
        interval_minutes: Set(1440),
        allowlist: Set("[]".into()),
        unban_removed: Set(false),
        etag: Set(None),
        last_modified: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        host_id: Set(bangui_core::archive::LOCAL_HOST_ID),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

fn secs(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

/// Part 1: BanGUI's side of an import, without fail2ban.
async fn pipeline(db: &DatabaseConnection, count: usize) -> anyhow::Result<()> {
    let url = serve(list(count, 0x2d00_0001)).await?;
    let source = source(db, &url).await?;
    let fetcher = fetcher()?;
    let started = Instant::now();
    let Fetched::Body { bytes, .. } = fetcher.fetch(&url, &Validators::default()).await? else {
        anyhow::bail!("the list server answered 304");
    };
    let downloaded = started.elapsed();
    let parsed = parse::parse(&bytes);
    let hash = bangui_core::digest::sha256_hex(&bytes);
    drop(bytes);
    let parsed_at = started.elapsed();
    let (addresses, skipped) = bannable(parsed.entries, &Networks(Vec::new()));
    let selected_at = started.elapsed();
    provenance::record_listed(db, source.id, &addresses).await?;
    let total = started.elapsed();
    anyhow::ensure!(addresses.len() == count && skipped == 0 && hash.len() == 64);
    println!(
        "{count} addresses: download {}, parse and hash {}, select {}, record {}; total {}",
        secs(downloaded),
        secs(parsed_at - downloaded),
        secs(selected_at - parsed_at),
        secs(total - selected_at),
        secs(total)
    );
    Ok(())
}

/// Samples the GUI's `jails` read every 250 ms until told to stop.
async fn watch_jails(service: Fail2banService, stop: Arc<tokio::sync::Notify>) -> Vec<Duration> {
    let mut waits = Vec::new();
    loop {
        let started = Instant::now();
        if let Ok(jails) = service.jails().await {
            for (name, running) in jails {
                if running {
                    let _ = service.status(&name).await;
                }
            }
        }
        waits.push(started.elapsed());
        tokio::select! {
            () = stop.notified() => return waits,
            () = tokio::time::sleep(Duration::from_millis(250)) => {}
        }
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).copied().unwrap_or_default()
}

/// Parts 2 and 3.
async fn end_to_end(
    db: &DatabaseConnection,
    dir: &std::path::Path,
    count: usize,
) -> anyhow::Result<()> {
    let sandbox = Sandbox::start()?;
    let client = SocketClient::new(sandbox.socket(), Duration::from_secs(600));
    let geo = Arc::new(Geo::new(
        MmdbResolver::open(dir.join("none.mmdb")),
        None,
        db.clone(),
    ));
    let service = Fail2banService::new(
        Arc::new(client.clone()),
        geo,
        Fail2banDb::open(&sandbox.db_file())?,
        db.clone(),
        sandbox.socket(),
        sandbox.dir().join("etc"),
    );
    let hosts = bangui_core::hosts::Hosts::start(
        db.clone(),
        service.clone(),
        true,
        "bench",
        Duration::from_secs(600),
    )
    .await?;
    let importer = Importer {
        db: db.clone(),
        hosts,
        fetcher: fetcher()?,
    };
    let first = 0x5b00_0001;
    let url = serve(list(count, first)).await?;
    let source = source(db, &url).await?;
    let run = queue::request(db, source.id, false).await?;

    let stop = Arc::new(tokio::sync::Notify::new());
    let watcher = tokio::spawn(watch_jails(service.clone(), stop.clone()));
    let started = Instant::now();
    importer.run_waiting().await?;
    let bangui = started.elapsed();
    stop.notify_one();
    let mut waits = watcher.await?;
    waits.sort();
    let done = queue::get(db, run.id).await?;
    anyhow::ensure!(
        done.status == bangui_core::blocklist::ImportStatus::Completed
            && done.new_bans == count as i64,
        "import run ended {done:?}"
    );
    println!(
        "end to end, {count} addresses: BanGUI import {} ({:.0} addresses/s)",
        secs(bangui),
        count as f64 / bangui.as_secs_f64()
    );
    println!(
        "`jails` read during the import: {} samples, median {:.0} ms, p99 {:.0} ms, max {:.0} ms",
        waits.len(),
        percentile(&waits, 0.5).as_secs_f64() * 1000.0,
        percentile(&waits, 0.99).as_secs_f64() * 1000.0,
        waits.last().copied().unwrap_or_default().as_secs_f64() * 1000.0
    );

    // The same addresses again, straight to fail2ban in commands of BAN_BATCH.
    sandbox.client(&["unban", "--all"])?;
    let addresses: Vec<IpNet> = (0..count as u32)
        .map(|i| IpNet::from(IpAddr::V4(Ipv4Addr::from(first + i))))
        .collect();
    let started = Instant::now();
    let mut banned = 0;
    for batch in addresses.chunks(BAN_BATCH) {
        banned += client.ban("blocklist", batch).await?;
    }
    let own = started.elapsed();
    anyhow::ensure!(banned == count as i64, "fail2ban banned {banned}");
    println!(
        "end to end, {count} addresses: fail2ban alone, banip of {BAN_BATCH} at a time {} ({:.0} addresses/s); BanGUI adds {:+.1}%",
        secs(own),
        count as f64 / own.as_secs_f64(),
        (bangui.as_secs_f64() / own.as_secs_f64() - 1.0) * 100.0
    );

    // What users do today: one fail2ban-client process per address.
    let sample = 200.min(count);
    sandbox.client(&["unban", "--all"])?;
    let started = Instant::now();
    for ip in &addresses[..sample] {
        sandbox.client(&["set", "blocklist", "banip", &bangui_fail2ban::target(ip)])?;
    }
    let per_address = started.elapsed().as_secs_f64() / sample as f64;
    println!(
        "one `fail2ban-client set blocklist banip` per address: {:.1} ms each ({sample} timed); {count} would take {:.0} s, 1,000,000 {:.1} h",
        per_address * 1000.0,
        per_address * count as f64,
        per_address * 1_000_000.0 / 3_600.0
    );
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let db =
        bangui_core::db::connect(&format!("sqlite://{}/bench.db", dir.path().display())).await?;
    bangui_core::db::migrate(&db).await?;
    for count in [100_000, 1_000_000] {
        pipeline(&db, count).await?;
    }
    let count = std::env::var("BANGUI_BENCH_IMPORT_ADDRESSES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    end_to_end(&db, dir.path(), count).await
}
