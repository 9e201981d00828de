//! The load generator: keep-alive connections sending one case again and
//! again, every answer compared with the checked first one.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use anyhow::{Context, bail, ensure};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};

pub(crate) const CONNECTIONS: usize = 64;
pub(crate) const WARM_UP: Duration = Duration::from_secs(3);
pub(crate) const MEASURED: Duration = Duration::from_secs(10);

/// One request to send again and again, and the answer it must get.
pub(crate) struct Case {
    pub(crate) name: &'static str,
    pub(crate) body: Bytes,
    /// The query as JSON text, when each request sends it with variables of
    /// its own (`{"n": 1}`, `{"n": 2}`, …, which the query does not use), so
    /// that no answer can be reused.
    pub(crate) distinct: Option<String>,
    pub(crate) token: Option<String>,
    pub(crate) expected: Bytes,
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
pub(crate) async fn load(addr: SocketAddr, case: Case) -> anyhow::Result<f64> {
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
pub(crate) async fn case(
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
