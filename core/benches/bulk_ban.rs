//! Banning 10,000 addresses in a sandboxed fail2ban jail: BanGUI's batched
//! multi-address `banip` (through the service, archive included) against one
//! `banip` command per address (what scripts around fail2ban-client do).
//!
//! Run with `make bench`; prints one line per measurement.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bangui_core::archive::Origin;
use bangui_core::geo::{Geo, MmdbResolver};
use bangui_core::jails::{BAN_BATCH, Fail2banService};
use bangui_fail2ban::db::Fail2banDb;
use bangui_fail2ban::{Fail2ban, SocketClient};
use bangui_test_support::Sandbox;

const COUNT: usize = 10_000;

fn addresses(offset: u32) -> Vec<IpAddr> {
    (0..COUNT as u32)
        .map(|i| IpAddr::from(std::net::Ipv4Addr::from(0x0a00_0000 + offset + i)))
        .collect()
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let sandbox = Sandbox::start()?;
    let data = tempfile::tempdir()?;
    let db =
        bangui_core::db::connect(&format!("sqlite://{}/bench.db", data.path().display())).await?;
    bangui_core::db::migrate(&db).await?;
    let client = SocketClient::new(sandbox.socket(), Duration::from_secs(600));
    let geo = Arc::new(Geo::new(
        MmdbResolver::open(data.path().join("none.mmdb")),
        None,
        db.clone(),
    ));
    let service = Fail2banService::new(
        Arc::new(client.clone()),
        geo,
        Fail2banDb::open(&sandbox.db_file())?,
        db,
        sandbox.socket(),
        sandbox.dir().join("etc"),
    );

    let batched: Vec<String> = addresses(0).iter().map(ToString::to_string).collect();
    let started = Instant::now();
    let (targets, _, _) = bangui_core::validate::bannable_targets(&batched);
    let (banned, _) = service
        .ban_targets("blocklist", &targets, Origin::Manual, None)
        .await?;
    let batched_secs = started.elapsed().as_secs_f64();
    assert_eq!(banned, COUNT as i64);
    println!(
        "banIps path: {COUNT} addresses in {} commands of up to {BAN_BATCH}: {batched_secs:.2} s ({:.0} addresses/s)",
        COUNT.div_ceil(BAN_BATCH),
        COUNT as f64 / batched_secs
    );

    let single = addresses(0x0001_0000);
    let started = Instant::now();
    for ip in &single {
        client.ban("blocklist", &[ipnet::IpNet::from(*ip)]).await?;
    }
    let single_secs = started.elapsed().as_secs_f64();
    println!(
        "one command per address: {COUNT} commands: {single_secs:.2} s ({:.0} addresses/s)",
        COUNT as f64 / single_secs
    );
    println!(
        "ratio: one-per-address takes {:.1}x as long as banIps",
        single_secs / batched_secs
    );
    Ok(())
}
