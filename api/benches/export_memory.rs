//! `GET /export/bans` over a growing archive: `bangui serve` (the release
//! binary, its own process, SQLite) exports every ban as CSV after the archive
//! was filled to each size by `bangui seed-demo`; the bench reads the rows it
//! received, the time, and the server's resident memory before and at its peak
//! (`VmHWM`, each size in a fresh process). Constant memory means the peak
//! does not grow with the row count.
//!
//! Run with `make bench`; `BANGUI_BENCH_EXPORT_BANS` (comma-separated sizes,
//! default `100000,1000000`) changes the sizes.

#[path = "support.rs"]
mod support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use futures::StreamExt;

use support::{Process, gql, peak_kib, rss_kib};

const PASSWORD: &str = "export benchmark password";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let sizes: Vec<u64> = std::env::var("BANGUI_BENCH_EXPORT_BANS")
        .unwrap_or_else(|_| "100000,1000000".to_owned())
        .split(',')
        .map(|n| n.trim().parse().context("BANGUI_BENCH_EXPORT_BANS"))
        .collect::<anyhow::Result<_>>()?;
    let data = tempfile::tempdir()?;
    let binary = env!("CARGO_BIN_EXE_bangui");
    let env = [
        (
            "BANGUI_DATABASE_URL",
            format!("sqlite://{}/bangui.db", data.path().display()),
        ),
        (
            "BANGUI_GEOIP_DB",
            data.path().join("none.mmdb").display().to_string(),
        ),
        (
            "BANGUI_ASN_DB",
            data.path().join("none.mmdb").display().to_string(),
        ),
        ("BANGUI_FAIL2BAN_SOCKET", String::new()),
        ("BANGUI_LOG_LEVEL", "warn".to_owned()),
    ];
    support::create_admin(binary, &env, PASSWORD)?;
    println!("rows | seconds | rows/s | MiB sent | RSS before | peak RSS");
    let mut seeded = 0;
    for size in sizes {
        let more = size.saturating_sub(seeded);
        let seeding = Instant::now();
        let status = Command::new(binary)
            .args(["seed-demo", "--bans", &more.to_string()])
            .envs(env.clone())
            .stdout(Stdio::null())
            .status()?;
        if !status.success() {
            bail!("bangui seed-demo failed");
        }
        seeded += more;
        eprintln!(
            "seeded {more} bans in {:.1} s",
            seeding.elapsed().as_secs_f64()
        );

        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let server = Process(
            Command::new(binary)
                .arg("serve")
                .envs(env.clone())
                .env("BANGUI_LISTEN", format!("127.0.0.1:{port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()?,
        );
        let pid = server.0.id();
        let http = reqwest::Client::new();
        let base = format!("http://127.0.0.1:{port}");
        support::wait_ready(&http, &base, Duration::from_secs(60)).await?;
        let login = gql(
            &http,
            &format!("{base}/graphql"),
            None,
            &format!(
                r#"mutation {{ login(username: "admin", password: "{PASSWORD}") {{ token }} }}"#
            ),
        )
        .await?;
        let token = login["data"]["login"]["token"]
            .as_str()
            .context("login token")?
            .to_owned();
        tokio::time::sleep(Duration::from_secs(1)).await;
        let before = rss_kib(pid)?;

        let exporting = Instant::now();
        let response = http
            .get(format!("{base}/export/bans?format=csv"))
            .bearer_auth(&token)
            .send()
            .await?;
        if !response.status().is_success() {
            bail!("export answered {}", response.status());
        }
        let mut body = response.bytes_stream();
        let (mut bytes, mut lines) = (0u64, 0u64);
        while let Some(chunk) = body.next().await {
            let chunk = chunk?;
            bytes += chunk.len() as u64;
            lines += chunk.iter().filter(|b| **b == b'\n').count() as u64;
        }
        let took = exporting.elapsed().as_secs_f64();
        let peak = peak_kib(pid)?;
        let rows = lines.saturating_sub(1);
        if rows != seeded {
            bail!("exported {rows} rows of {seeded}");
        }
        println!(
            "{rows} | {took:.1} | {:.0} | {:.1} | {:.1} MiB | {:.1} MiB",
            rows as f64 / took,
            bytes as f64 / 1_048_576.0,
            before as f64 / 1024.0,
            peak as f64 / 1024.0
        );
        drop(server);
    }
    Ok(())
}
