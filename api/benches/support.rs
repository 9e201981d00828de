//! What the benchmarks that run `bangui` as its own process share: the
//! process, its memory, GraphQL requests and the figures printed.
#![allow(dead_code, reason = "each benchmark uses a part of it")]

use std::process::Child;
use std::time::Duration;

use anyhow::{Context, bail};
use serde_json::{Value, json};

/// A process, killed when dropped.
pub struct Process(pub Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Creates the account `admin` with `password` by running `bangui user create`.
pub fn create_admin(binary: &str, env: &[(&str, String)], password: &str) -> anyhow::Result<()> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut create = Command::new(binary)
        .args(["user", "create", "--username", "admin"])
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()?;
    create
        .stdin
        .take()
        .context("stdin")?
        .write_all(format!("{password}\n").as_bytes())?;
    if !create.wait()?.success() {
        bail!("bangui user create failed");
    }
    Ok(())
}

/// Waits until `bangui serve` at `base` answers `/readyz`, at most `limit`.
pub async fn wait_ready(http: &reqwest::Client, base: &str, limit: Duration) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    while http.get(format!("{base}/readyz")).send().await.is_err() {
        if started.elapsed() > limit {
            bail!("bangui did not start");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Ok(())
}

pub fn rss_kib(pid: u32) -> anyhow::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .context("VmRSS in /proc status")
}

/// The peak resident memory of `pid` so far, in KiB.
pub fn peak_kib(pid: u32) -> anyhow::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .context("VmHWM in /proc status")
}

pub async fn gql(
    http: &reqwest::Client,
    url: &str,
    token: Option<&str>,
    query: &str,
) -> anyhow::Result<Value> {
    let mut request = http.post(url).json(&json!({ "query": query }));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let body: Value = request.send().await?.json().await?;
    if body.get("errors").is_some() {
        bail!("GraphQL error: {body}");
    }
    Ok(body)
}

pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

pub fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}
