//! Subscription fan-out: 10,000 WebSocket clients subscribed to `banEvents` on one
//! `bangui serve` (the release binary, its own process, SQLite), a sandboxed
//! fail2ban behind it. Each event starts as a `banIp` mutation; its latency is
//! from sending the mutation to a client receiving the event, for every client.
//! The server's resident memory is read before and after the clients connect.
//!
//! Run with `make bench` (it raises the open-file limit first).

#[path = "support.rs"]
mod support;

use std::collections::HashMap;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use bangui_test_support::Sandbox;
use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::sync::{Mutex, Semaphore, mpsc};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

use support::{Process, gql, ms, percentile, rss_kib};

const CLIENTS: usize = 10_000;
const EVENTS: usize = 20;
const PASSWORD: &str = "fan-out benchmark password";

/// One client: signs in, subscribes, then reports each event's address and arrival.
async fn client(
    url: String,
    token: String,
    ready: mpsc::Sender<()>,
    arrivals: mpsc::UnboundedSender<(String, Instant)>,
) -> anyhow::Result<()> {
    // The clients share the server's two cores: small buffers, as the server's
    // own, keep tungstenite from clearing 128 KiB for every frame it reads.
    let config = WebSocketConfig::default()
        .read_buffer_size(4 * 1024)
        .write_buffer_size(4 * 1024);
    let (mut socket, _) = tokio_tungstenite::connect_async_with_config(
        tokio_tungstenite::tungstenite::client::IntoClientRequest::into_client_request(url)?,
        Some(config),
        true,
    )
    .await?;
    socket
        .send(Message::text(
            json!({ "type": "connection_init", "payload": { "token": token } }).to_string(),
        ))
        .await?;
    match socket.next().await {
        Some(Ok(Message::Text(text))) if text.contains("connection_ack") => {}
        other => bail!("no connection_ack: {other:?}"),
    }
    socket
        .send(Message::text(
            json!({ "id": "1", "type": "subscribe",
                    "payload": { "query": "subscription { banEvents { ip } }" } })
            .to_string(),
        ))
        .await?;
    ready.send(()).await?;
    while let Some(message) = socket.next().await {
        if let Message::Text(text) = message? {
            let at = Instant::now();
            let value: Value = serde_json::from_str(&text)?;
            if let Some(ip) = value["payload"]["data"]["banEvents"]["ip"].as_str() {
                arrivals.send((ip.to_owned(), at))?;
            }
        }
    }
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let sandbox = Sandbox::start()?;
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
        ("BANGUI_LOG_LEVEL", "warn".to_owned()),
    ];
    let env: Vec<(&str, String)> = env.into_iter().chain(sandbox.settings()).collect();
    let binary = env!("CARGO_BIN_EXE_bangui");
    support::create_admin(binary, &env, PASSWORD)?;
    let server = Process(
        Command::new(binary)
            .arg("serve")
            .envs(env)
            .stdout(Stdio::null())
            .spawn()?,
    );
    let pid = server.0.id();
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
    tokio::time::sleep(Duration::from_secs(2)).await;
    let idle_before = rss_kib(pid)?;

    let (ready_tx, mut ready_rx) = mpsc::channel(CLIENTS);
    let (arrivals_tx, mut arrivals_rx) = mpsc::unbounded_channel();
    // Connect in waves so the listener's backlog is not overrun.
    let gate = Arc::new(Semaphore::new(256));
    let failures = Arc::new(Mutex::new(Vec::new()));
    let connect_started = Instant::now();
    for _ in 0..CLIENTS {
        let permit = gate.clone().acquire_owned().await?;
        let (url, token) = (format!("ws://127.0.0.1:{port}/graphql/ws"), token.clone());
        let (ready, arrivals, failures) = (ready_tx.clone(), arrivals_tx.clone(), failures.clone());
        let (inner_ready, mut inner_rx) = mpsc::channel(1);
        tokio::spawn(async move {
            if let Err(e) = client(url, token, inner_ready, arrivals).await {
                failures.lock().await.push(e.to_string());
            }
        });
        tokio::spawn(async move {
            if inner_rx.recv().await.is_some() {
                let _ = ready.send(()).await;
            }
            drop(permit);
        });
    }
    drop(ready_tx);
    let mut subscribed = 0;
    while subscribed < CLIENTS {
        match tokio::time::timeout(Duration::from_secs(60), ready_rx.recv()).await {
            Ok(Some(())) => subscribed += 1,
            _ => break,
        }
    }
    let failed = failures.lock().await.clone();
    if subscribed < CLIENTS {
        bail!(
            "only {subscribed} of {CLIENTS} clients subscribed; first errors: {:?}",
            &failed[..failed.len().min(3)]
        );
    }
    println!(
        "{CLIENTS} clients connected and subscribed in {:.1} s",
        connect_started.elapsed().as_secs_f64()
    );
    tokio::time::sleep(Duration::from_secs(3)).await;
    let idle_after = rss_kib(pid)?;
    println!(
        "server RSS: {:.1} MiB before, {:.1} MiB with {CLIENTS} idle subscribers: {:.1} KiB per connection",
        idle_before as f64 / 1024.0,
        idle_after as f64 / 1024.0,
        idle_after.saturating_sub(idle_before) as f64 / CLIENTS as f64
    );

    let mut latencies = Vec::with_capacity(CLIENTS * EVENTS);
    for i in 0..EVENTS {
        let ip = format!("198.51.100.{}", i + 1);
        let sent = Instant::now();
        gql(
            &http,
            &graphql,
            Some(&token),
            &format!(r#"mutation {{ banIp(jail: "blocklist", ip: "{ip}") {{ ip }} }}"#),
        )
        .await?;
        let mut received: HashMap<String, usize> = HashMap::new();
        let deadline = sent + Duration::from_secs(30);
        while received.get(&ip).copied().unwrap_or(0) < CLIENTS {
            let left = deadline.saturating_duration_since(Instant::now());
            match tokio::time::timeout(left, arrivals_rx.recv()).await {
                Ok(Some((got, at))) => {
                    if got == ip {
                        latencies.push(at.duration_since(sent));
                    }
                    *received.entry(got).or_default() += 1;
                }
                _ => bail!(
                    "event {ip} reached {} of {CLIENTS} clients",
                    received.get(&ip).copied().unwrap_or(0)
                ),
            }
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    latencies.sort();
    println!(
        "{EVENTS} events × {CLIENTS} clients, mutation sent → event received: p50 {}, p99 {}, max {}",
        ms(percentile(&latencies, 0.50)),
        ms(percentile(&latencies, 0.99)),
        ms(percentile(&latencies, 1.0)),
    );
    drop(server);
    Ok(())
}
