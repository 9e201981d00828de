//! Country lookups per second on one core through the MMDB resolver, and the
//! time to enrich 1,000,000 addresses through the cached, batched path.
//!
//! Uses the default database (`make geoip`) when present, else one generated
//! here with 200,000 networks. Run with `make bench`.

use std::net::{IpAddr, Ipv4Addr};
use std::time::Instant;

use bangui_core::geo::mmdb_writer::{MmdbValue, MmdbWriter};
use bangui_core::geo::{Geo, Lookup, MmdbResolver};

/// A fixed pseudo-random sequence (xorshift), so runs compare.
fn addresses(n: usize, mut seed: u64) -> Vec<IpAddr> {
    (0..n)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            IpAddr::V4(Ipv4Addr::from((seed >> 16) as u32))
        })
        .collect()
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let default =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/geo-whois-asn-country.mmdb");
    let path = if default.is_file() {
        println!("database: {} (default, ip-location-db)", default.display());
        default
    } else {
        let mut w = MmdbWriter::new("Generated-Country");
        let codes = ["DE", "US", "CN", "BR", "IN", "RU", "FR", "GB", "VN", "NL"];
        for (i, net) in addresses(200_000, 7).iter().enumerate() {
            w.insert_str(
                &format!("{net}/24"),
                &MmdbValue::flat_country(codes[i % codes.len()]),
            );
        }
        let path = dir.path().join("generated.mmdb");
        std::fs::write(&path, w.finish())?;
        println!("database: generated, 200,000 networks");
        path
    };
    let resolver = MmdbResolver::open(&path);

    let probe = addresses(2_000_000, 42);
    let started = Instant::now();
    let mut found = 0usize;
    for ip in &probe {
        if matches!(resolver.lookup(*ip), Lookup::Country(_)) {
            found += 1;
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "resolver: {} lookups in {secs:.2} s on one core = {:.0} lookups/s ({found} with a country)",
        probe.len(),
        probe.len() as f64 / secs
    );

    let db =
        bangui_core::db::connect(&format!("sqlite://{}/bench.db", dir.path().display())).await?;
    bangui_core::db::migrate(&db).await?;
    let geo = Geo::new(MmdbResolver::open(&path), None, db);
    let million = addresses(1_000_000, 4242);
    let started = Instant::now();
    for batch in million.chunks(10_000) {
        geo.countries(batch).await;
    }
    let cold = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let (written, _) = geo.flush().await?;
    let flush = started.elapsed().as_secs_f64();
    let started = Instant::now();
    for batch in million.chunks(10_000) {
        geo.countries(batch).await;
    }
    let warm = started.elapsed().as_secs_f64();
    println!(
        "enrich 1,000,000 addresses in batches of 10,000: {cold:.2} s cold, {warm:.2} s from memory; writing {written} answers to geo_cache: {flush:.2} s"
    );
    Ok(())
}
