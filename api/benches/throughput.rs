//! Requests per second of `bangui serve` (the release binary, its own process,
//! SQLite, a sandboxed fail2ban behind it) under a load generator on the same
//! machine: keep-alive HTTP/1.1 connections, each sending the next request as
//! soon as the last answer is read. Three cases: `{ health { status } }`
//! anonymous, `{ viewer { username } }` with a session token as Bearer, and a
//! page of 50 bans with their countries, with an API token as Bearer, over an
//! archive of 1,000,000 bans.
//!
//! The first answer of each case is checked field by field; every later answer
//! must be byte for byte the same with status 200, so an error is never counted
//! as a success. BANGUI_BENCH_DIR keeps the seeded archive between runs (shared
//! with `archive_queries`); BANGUI_BENCH_BANS changes its size.
//!
//! Run with `make bench`.

use std::io::Write;
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail, ensure};
use bangui_core::geo::{Geo, MmdbResolver};
use bangui_test_support::Sandbox;
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};

const CONNECTIONS: usize = 64;
const WARM_UP: Duration = Duration::from_secs(3);
const MEASURED: Duration = Duration::from_secs(10);
const PASSWORD: &str = "throughput benchmark password";
/// Time for the archive sync's first pass after start-up (it compares the
/// archive with fail2ban's bans once) before anything is measured.
const SETTLE: Duration = Duration::from_secs(15);

/// The server process, killed when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One request to send again and again, and the answer it must get.
struct Case {
    name: &'static str,
    body: Bytes,
    /// The query as JSON text, when each request sends it with variables of
    /// its own (`{"n": 1}`, `{"n": 2}`, …, which the query does not use), so
    /// that no answer can be reused.
    distinct: Option<String>,
    token: Option<String>,
    expected: Bytes,
}

/// What one connection saw in the measured window.
#[derive(Default)]
struct Tally {
    good: u64,
    bad: u64,
    latencies: Vec<Duration>,
    first_bad: Option<String>,
}

fn request(addr: SocketAddr, case: &Case, n: u64) -> anyhow::Result<hyper::Request<Full<Bytes>>> {
    let mut builder = hyper::Request::post("/graphql")
        .header(hyper::header::HOST, addr.to_string())
        .header(hyper::header::CONTENT_TYPE, "application/json")
        .header(hyper::header::ACCEPT, "application/graphql-response+json");
    if let Some(token) = &case.token {
        builder = builder.header(hyper::header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let body = match &case.distinct {
        Some(query) => Bytes::from(format!(r#"{{"query":{query},"variables":{{"n":{n}}}}}"#)),
        None => case.body.clone(),
    };
    Ok(builder.body(Full::new(body))?)
}

/// One keep-alive connection sending `case` until `end`; answers finished
/// before `start` warm up and are not counted.
async fn connection(
    addr: SocketAddr,
    case: &Case,
    start: Instant,
    end: Instant,
) -> anyhow::Result<Tally> {
    let stream = tokio::net::TcpStream::connect(addr).await?;
    stream.set_nodelay(true)?;
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(conn);
    let mut tally = Tally::default();
    let mut n = 0;
    loop {
        let sent = Instant::now();
        if sent >= end {
            return Ok(tally);
        }
        n += 1;
        let response = sender.send_request(request(addr, case, n)?).await?;
        let status = response.status();
        let body = response.into_body().collect().await?.to_bytes();
        let done = Instant::now();
        if done < start || done > end {
            continue;
        }
        if status == hyper::StatusCode::OK && body == case.expected {
            tally.good += 1;
            tally.latencies.push(done - sent);
        } else {
            tally.bad += 1;
            tally
                .first_bad
                .get_or_insert_with(|| format!("{status}: {}", String::from_utf8_lossy(&body)));
        }
    }
}

/// Runs `case` on [`CONNECTIONS`] connections; prints and returns requests/s.
async fn load(addr: SocketAddr, case: Case) -> anyhow::Result<f64> {
    let case = std::sync::Arc::new(case);
    let start = Instant::now() + WARM_UP;
    let end = start + MEASURED;
    let mut tasks = Vec::new();
    for _ in 0..CONNECTIONS {
        let case = case.clone();
        tasks.push(tokio::spawn(async move {
            connection(addr, &case, start, end).await
        }));
    }
    let mut total = Tally::default();
    for task in tasks {
        let tally = task.await??;
        total.good += tally.good;
        total.bad += tally.bad;
        total.latencies.extend(tally.latencies);
        if total.first_bad.is_none() {
            total.first_bad = tally.first_bad;
        }
    }
    total.latencies.sort();
    let at = |p: f64| {
        let i = ((total.latencies.len() as f64 - 1.0) * p).round() as usize;
        total
            .latencies
            .get(i)
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    let rate = total.good as f64 / MEASURED.as_secs_f64();
    println!(
        "{}: {rate:.0} requests/s over {CONNECTIONS} connections, {} answers checked, \
         {} error bodies; latency p50 {:.2} ms, p99 {:.2} ms",
        case.name,
        total.good,
        total.bad,
        at(0.5),
        at(0.99),
    );
    if let Some(bad) = total.first_bad {
        bail!(
            "{}: an answer differed from the checked one: {bad}",
            case.name
        );
    }
    Ok(rate)
}

/// Sends one request and returns its answer, as bytes and parsed.
async fn once(addr: SocketAddr, case: &Case) -> anyhow::Result<(Bytes, Value)> {
    let stream = tokio::net::TcpStream::connect(addr).await?;
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(conn);
    let response = sender.send_request(request(addr, case, 0)?).await?;
    ensure!(
        response.status() == hyper::StatusCode::OK,
        "{}: status {}",
        case.name,
        response.status()
    );
    let body = response.into_body().collect().await?.to_bytes();
    let value = serde_json::from_slice(&body)?;
    Ok((body, value))
}

/// A case whose first answer `check` accepts.
async fn case(
    addr: SocketAddr,
    name: &'static str,
    query: &str,
    token: Option<String>,
    check: impl FnOnce(&Value) -> anyhow::Result<()>,
) -> anyhow::Result<Case> {
    let mut case = Case {
        name,
        body: Bytes::from(serde_json::to_vec(&json!({ "query": query }))?),
        distinct: None,
        token,
        expected: Bytes::new(),
    };
    let (bytes, value) = once(addr, &case).await?;
    check(&value).with_context(|| format!("{name}: unexpected answer {value}"))?;
    case.expected = bytes;
    Ok(case)
}

/// Seeds the archive unless an earlier run left it seeded.
async fn seed(dir: &Path, bans: u64) -> anyhow::Result<String> {
    use sea_orm::{EntityTrait, PaginatorTrait};
    let url = format!("sqlite://{}/bangui.db?mode=rwc", dir.display());
    let db = bangui_core::db::connect(&url).await?;
    bangui_core::db::migrate(&db).await?;
    let archived = entity::ban_history::Entity::find().count(&db).await?;
    if archived >= bans {
        println!("reusing the {archived} archived bans in {}", dir.display());
    } else {
        let geo = Geo::new(MmdbResolver::open(dir.join("none.mmdb")), None, db.clone());
        let started = Instant::now();
        bangui_core::demo::seed(&db, &geo, bans - archived, bangui_core::time::now()).await?;
        println!(
            "seeded {} bans in {:.1} s",
            bans - archived,
            started.elapsed().as_secs_f64()
        );
    }
    db.close().await?;
    Ok(url)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let bans: u64 = match std::env::var("BANGUI_BENCH_BANS") {
        Ok(n) => n.parse().context("BANGUI_BENCH_BANS")?,
        Err(_) => 1_000_000,
    };
    let kept = std::env::var_os("BANGUI_BENCH_DIR").map(std::path::PathBuf::from);
    let temp = tempfile::tempdir()?;
    let dir = kept
        .unwrap_or_else(|| temp.path().to_owned())
        .join("throughput");
    std::fs::create_dir_all(&dir)?;
    let url = seed(&dir, bans).await?;

    let sandbox = Sandbox::start()?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let env = [
        ("BANGUI_DATABASE_URL", url),
        ("BANGUI_LISTEN", format!("127.0.0.1:{port}")),
        (
            "BANGUI_GEOIP_DB",
            dir.join("none.mmdb").display().to_string(),
        ),
        ("BANGUI_LOG_LEVEL", "warn".to_owned()),
    ];
    let env: Vec<(&str, String)> = env.into_iter().chain(sandbox.settings()).collect();
    let binary = env!("CARGO_BIN_EXE_bangui");
    // Fails on a kept archive, whose admin exists already.
    let _created = Command::new(binary)
        .args(["user", "create", "--username", "admin"])
        .envs(env.clone())
        .env_remove("BANGUI_BENCH_DIR")
        .env_remove("BANGUI_BENCH_BANS")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .and_then(|mut create| {
            create
                .stdin
                .take()
                .map(|mut stdin| stdin.write_all(format!("{PASSWORD}\n").as_bytes()));
            create.wait()
        })?;
    let _server = Server(
        Command::new(binary)
            .arg("serve")
            .envs(env)
            .env_remove("BANGUI_BENCH_DIR")
            .env_remove("BANGUI_BENCH_BANS")
            .stdout(Stdio::null())
            .spawn()?,
    );
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse()?;
    let started = Instant::now();
    while tokio::net::TcpStream::connect(addr).await.is_err() {
        ensure!(
            started.elapsed() < Duration::from_secs(60),
            "bangui did not start"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    let login = case(
        addr,
        "login",
        &format!(r#"mutation {{ login(username: "admin", password: "{PASSWORD}") {{ token }} }}"#),
        None,
        |v| {
            ensure!(v["data"]["login"]["token"].is_string());
            Ok(())
        },
    )
    .await?;
    let session: Value = serde_json::from_slice(&login.expected)?;
    let session = session["data"]["login"]["token"]
        .as_str()
        .context("session token")?
        .to_owned();
    let minted = case(
        addr,
        "createApiToken",
        r#"mutation { createApiToken(name: "throughput", role: VIEWER) { token } }"#,
        Some(session.clone()),
        |v| {
            ensure!(v["data"]["createApiToken"]["token"].is_string());
            Ok(())
        },
    )
    .await?;
    let minted: Value = serde_json::from_slice(&minted.expected)?;
    let token = minted["data"]["createApiToken"]["token"]
        .as_str()
        .context("API token")?
        .to_owned();

    let health = case(
        addr,
        "health, anonymous",
        "{ health { status } }",
        None,
        |v| {
            ensure!(*v == json!({ "data": { "health": { "status": "ok" } } }));
            Ok(())
        },
    )
    .await?;
    let viewer = case(
        addr,
        "viewer, Bearer session token",
        "{ viewer { username } }",
        Some(session),
        |v| {
            ensure!(*v == json!({ "data": { "viewer": { "username": "admin" } } }));
            Ok(())
        },
    )
    .await?;
    let page_query = "{ bans(first: 50) { edges { cursor node { id ip jail bannedAt banTime \
                      origin country { code name } } } pageInfo { hasNextPage endCursor } } }";
    let page = case(
        addr,
        "a page of 50 bans with countries, Bearer API token",
        page_query,
        Some(token),
        |v| {
            let edges = v["data"]["bans"]["edges"].as_array().context("edges")?;
            ensure!(edges.len() == 50, "{} bans in the page", edges.len());
            ensure!(v["data"]["bans"]["pageInfo"]["hasNextPage"] == json!(true));
            ensure!(edges.iter().all(|e| e["node"]["ip"].is_string()));
            ensure!(v.get("errors").is_none());
            Ok(())
        },
    )
    .await?;
    // The same page with variables of its own on every request: what a page
    // costs when no answer can be reused (an archive written to all the time).
    let distinct = Case {
        name: "the same page, every request distinct (no answer reused)",
        body: page.body.clone(),
        distinct: Some(serde_json::to_string(page_query)?),
        token: page.token.clone(),
        expected: page.expected.clone(),
    };

    tokio::time::sleep(SETTLE).await;
    println!(
        "bangui serve (release, SQLite, {bans} archived bans); load generator on the same \
         machine, {CONNECTIONS} keep-alive connections, {}s warm-up, {}s measured",
        WARM_UP.as_secs(),
        MEASURED.as_secs()
    );
    let mut failed = Vec::new();
    let cases = [
        (health, Some(15_000.0)),
        (viewer, Some(12_000.0)),
        (page, Some(5_000.0)),
        (distinct, None),
    ];
    for (case, goal) in cases {
        let name = case.name;
        let rate = load(addr, case).await?;
        if let Some(goal) = goal
            && rate < goal
        {
            failed.push(format!("{name}: {rate:.0} < {goal:.0} requests/s"));
        }
    }
    if failed.is_empty() {
        println!("every goal met");
    } else {
        println!("goals missed: {}", failed.join("; "));
    }
    Ok(())
}
