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

mod load;

use std::io::Write;
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, ensure};
use bangui_core::geo::{Geo, MmdbResolver};
use bangui_test_support::Sandbox;
use serde_json::{Value, json};

use load::{CONNECTIONS, Case, MEASURED, WARM_UP, case, load};

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
