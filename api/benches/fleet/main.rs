//! A fleet on one hub: `bangui serve` (the release binary, its own process,
//! SQLite) with 200 simulated agents speaking the real agent protocol, each
//! with a light fake fail2ban behind it that answers at once. Together they
//! send 1,000 bans a second for 30 s; the bench measures
//!
//! - whether the hub keeps up: every ban acknowledged (archived) and the lag
//!   from sending a batch to its acknowledgement,
//! - event to subscriber: from an agent sending a ban to a `banEvents`
//!   subscriber receiving it,
//! - a ban command's round trip: `banIp(host:)` through the hub to an agent
//!   and back (the fake fail2ban takes no time of its own),
//! - the hub's resident memory per connected agent,
//! - a real `bangui agent`'s resident memory when idle, beside a sandboxed
//!   fail2ban.
//!
//! Run with `make bench`.

mod sim;
#[path = "../support.rs"]
mod support;

use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use bangui_test_support::Sandbox;
use tokio::sync::mpsc;

use sim::{Record, agent, subscriber};
use support::{Process, gql, ms, percentile, rss_kib};

pub(crate) const AGENTS: usize = 200;
/// Bans each agent sends per second: 1,000 a second in all.
pub(crate) const BANS_PER_AGENT_SECOND: usize = 5;
pub(crate) const LOAD_SECS: u64 = 30;
/// `banIp` commands through the hub during the load, one every 100 ms.
const COMMANDS: usize = 200;
const PASSWORD: &str = "fleet benchmark password";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let data = tempfile::tempdir()?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let env = [
        (
            "BANGUI_DATABASE_URL",
            format!("sqlite://{}/bangui.db", data.path().display()),
        ),
        ("BANGUI_LISTEN", format!("127.0.0.1:{port}")),
        (
            "BANGUI_GEOIP_DB",
            data.path().join("none.mmdb").display().to_string(),
        ),
        (
            "BANGUI_FAIL2BAN_SOCKET",
            "/nonexistent/fail2ban.sock".to_owned(),
        ),
        ("BANGUI_LOG_LEVEL", "warn".to_owned()),
    ];
    let binary = env!("CARGO_BIN_EXE_bangui");
    support::create_admin(binary, &env, PASSWORD)?;
    let hub = Process(
        Command::new(binary)
            .arg("serve")
            .envs(env)
            .stdout(Stdio::null())
            // Its slow-statement warnings would bury the figures.
            .stderr(Stdio::null())
            .spawn()?,
    );
    let pid = hub.0.id();
    let http = reqwest::Client::new();
    let base = format!("http://127.0.0.1:{port}");
    support::wait_ready(&http, &base, Duration::from_secs(30)).await?;
    let graphql = format!("{base}/graphql");
    let login = gql(
        &http,
        &graphql,
        None,
        &format!(r#"mutation {{ login(username: "admin", password: "{PASSWORD}") {{ token }} }}"#),
    )
    .await?;
    let token = login["data"]["login"]["token"]
        .as_str()
        .context("login token")?
        .to_owned();
    let mut tokens = Vec::with_capacity(AGENTS + 1);
    // The simulated agents, then two real ones.
    for i in 0..AGENTS + 2 {
        let added = gql(
            &http,
            &graphql,
            Some(&token),
            &format!(r#"mutation {{ addHost(name: "agent-{i}") {{ token }} }}"#),
        )
        .await?;
        tokens.push(
            added["data"]["addHost"]["token"]
                .as_str()
                .context("agent token")?
                .to_owned(),
        );
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let idle_before = rss_kib(pid)?;

    let record = Arc::new(Mutex::new(Record::default()));
    let (ready_tx, mut ready_rx) = mpsc::channel(AGENTS + 1);
    tokio::spawn(subscriber(
        format!("ws://127.0.0.1:{port}/graphql/ws"),
        token.clone(),
        record.clone(),
        ready_tx.clone(),
    ));
    let stop_at = Arc::new(tokio::sync::OnceCell::new());
    // The load starts once every agent is connected and the memory is read.
    let load_starts = Instant::now() + Duration::from_secs(15);
    stop_at
        .set(load_starts + Duration::from_secs(LOAD_SECS))
        .context("stop time")?;
    let failures = Arc::new(Mutex::new(Vec::<String>::new()));
    for (i, token) in tokens.iter().take(AGENTS).enumerate() {
        let (url, token) = (format!("ws://127.0.0.1:{port}/agent/ws"), token.clone());
        let (record, ready, stop_at, failures) = (
            record.clone(),
            ready_tx.clone(),
            stop_at.clone(),
            failures.clone(),
        );
        tokio::spawn(async move {
            if let Err(e) = agent(i, url, token, record, ready, stop_at).await {
                failures
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .push(e.to_string());
            }
        });
    }
    drop(ready_tx);
    for n in 0..=AGENTS {
        if tokio::time::timeout(Duration::from_secs(30), ready_rx.recv())
            .await
            .ok()
            .flatten()
            .is_none()
        {
            bail!(
                "only {n} of {} connections ready: {:?}",
                AGENTS + 1,
                failures
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
            );
        }
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    let connected = rss_kib(pid)?;
    println!(
        "hub RSS: {:.1} MiB with no agent, {:.1} MiB with {AGENTS} connected: {:.1} KiB per agent",
        idle_before as f64 / 1024.0,
        connected as f64 / 1024.0,
        connected.saturating_sub(idle_before) as f64 / AGENTS as f64
    );
    tokio::time::sleep_until(load_starts.into()).await;

    // Commands through the hub while the agents ban.
    let mut commands = Vec::with_capacity(COMMANDS);
    let mut command_errors = 0;
    for i in 0..COMMANDS {
        let host = format!("agent-{}", i % AGENTS);
        let ip = format!("172.16.{}.{}", i / 250, 1 + i % 250);
        let sent = Instant::now();
        match gql(
            &http,
            &graphql,
            Some(&token),
            &format!(
                r#"mutation {{ banIp(jail: "sshd", ip: "{ip}", host: "{host}") {{ host }} }}"#
            ),
        )
        .await
        {
            Ok(_) => commands.push(sent.elapsed()),
            Err(e) => {
                command_errors += 1;
                if command_errors == 1 {
                    eprintln!("command failed: {e}");
                }
            }
        }
        tokio::time::sleep_until((sent + Duration::from_millis(100)).into()).await;
    }
    let peak = rss_kib(pid)?;
    tokio::time::sleep_until((*stop_at.get().context("stop")? + Duration::from_secs(10)).into())
        .await;

    let sent_bans = AGENTS * BANS_PER_AGENT_SECOND * LOAD_SECS as usize;
    let total = gql(
        &http,
        &graphql,
        Some(&token),
        "{ bans(filter: { jail: \"sshd\" }) { totalCount } }",
    )
    .await?;
    let archived = total["data"]["bans"]["totalCount"].as_u64().unwrap_or(0);
    let (mut acked, acked_bans, mut events, sent) = {
        let mut r = record
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        (
            std::mem::take(&mut r.acked),
            r.acked_bans,
            std::mem::take(&mut r.events),
            r.sent.len(),
        )
    };
    acked.sort();
    events.sort();
    commands.sort();
    println!(
        "{AGENTS} agents × {BANS_PER_AGENT_SECOND} bans/s for {LOAD_SECS} s: {sent} sent ({sent_bans} planned), {acked_bans} acknowledged, {archived} in the archive ({} by commands)",
        commands.len()
    );
    println!(
        "batch sent → acknowledged (archived): p50 {}, p99 {}, max {}",
        ms(percentile(&acked, 0.5)),
        ms(percentile(&acked, 0.99)),
        ms(percentile(&acked, 1.0))
    );
    println!(
        "ban sent by an agent → banEvents subscriber: {} events, p50 {}, p99 {}, max {}",
        events.len(),
        ms(percentile(&events, 0.5)),
        ms(percentile(&events, 0.99)),
        ms(percentile(&events, 1.0))
    );
    println!(
        "banIp(host:) through the hub and an agent, fake fail2ban answering at once: {} ok, {command_errors} failed, p50 {}, p99 {}, max {}",
        commands.len(),
        ms(percentile(&commands, 0.5)),
        ms(percentile(&commands, 0.99)),
        ms(percentile(&commands, 1.0))
    );
    println!("hub RSS under load: {:.1} MiB", peak as f64 / 1024.0);
    let errors = failures
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone();
    if !errors.is_empty() {
        println!(
            "agent errors: {}: {:?}",
            errors.len(),
            &errors[..errors.len().min(3)]
        );
    }

    // Real agents beside a sandboxed fail2ban, idle: started by hand, and
    // with the allocator setting of the shipped unit and compose service.
    let sandbox = Sandbox::start()?;
    for (n, (how, extra)) in [
        ("started by hand", None),
        (
            "as the unit runs it (MIMALLOC_ALLOW_THP=0)",
            Some(("MIMALLOC_ALLOW_THP", "0")),
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let state = tempfile::tempdir()?;
        let mut command = Command::new(binary);
        command
            .arg("agent")
            .env("BANGUI_AGENT_HUB_URL", &base)
            .env("BANGUI_AGENT_TOKEN", &tokens[AGENTS + n])
            .env("BANGUI_AGENT_STATE", state.path().join("agent.sqlite"))
            .env("BANGUI_FAIL2BAN_SOCKET", sandbox.socket())
            .env("BANGUI_FAIL2BAN_DB", sandbox.db_file())
            .env("BANGUI_FAIL2BAN_CONFIG_DIR", sandbox.config_dir())
            .env("BANGUI_LOG_LEVEL", "warn")
            .stdout(Stdio::null());
        if let Some((key, value)) = extra {
            command.env(key, value);
        }
        let real = Process(command.spawn()?);
        tokio::time::sleep(Duration::from_secs(10)).await;
        println!(
            "bangui agent {how}, connected and idle: RSS {:.1} MiB",
            rss_kib(real.0.id())? as f64 / 1024.0
        );
    }
    drop(hub);
    Ok(())
}
