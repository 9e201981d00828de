//! The fail2ban client: a trait with typed operations, and its implementation over
//! fail2ban's Unix socket.
//!
//! fail2ban answers one command at a time, so the socket client opens a connection
//! per call (a restarted server's new socket is picked up at once), shares one
//! round trip among concurrent identical reads, and keeps read answers for a second.

use std::collections::HashMap;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use futures::FutureExt;
use futures::future::{BoxFuture, Shared};
use ipnet::IpNet;
use tokio::sync::Semaphore;
use tracing::debug;

use crate::command::{Command, JailSetting};
use crate::error::{Fail2banError, Result};
use crate::exchange::exchange;
use crate::pickle::Value;
use crate::status::{self, BannedIp, JailStatus, ServerStatus};

/// How long a read answer is reused.
const READ_CACHE_TTL: Duration = Duration::from_secs(1);

fn int(value: &Value, what: &str) -> Result<i64> {
    value
        .as_int()
        .ok_or_else(|| Fail2banError::Protocol(format!("{what} is not an integer: {value}")))
}

/// Operations on fail2ban. Implementations only provide [`Fail2ban::call`].
#[async_trait]
pub trait Fail2ban: Send + Sync {
    /// Sends one command and returns fail2ban's answer.
    async fn call(&self, command: Command) -> Result<Value>;

    /// Drops cached answers, after fail2ban was changed by other means.
    fn forget_cached(&self) {}

    async fn ping(&self) -> Result<()> {
        self.call(Command::Ping).await.map(|_| ())
    }

    async fn version(&self) -> Result<String> {
        let v = self.call(Command::Version).await?;
        Ok(v.as_str().map_or_else(|| v.to_string(), str::to_owned))
    }

    async fn status(&self) -> Result<ServerStatus> {
        ServerStatus::parse(&self.call(Command::Status).await?)
    }

    async fn jail_status(&self, jail: &str) -> Result<JailStatus> {
        JailStatus::parse(&self.call(Command::JailStatus(jail.to_owned())).await?)
    }

    async fn banned_with_time(&self, jail: &str) -> Result<Vec<BannedIp>> {
        let v = self.call(Command::BannedWithTime(jail.to_owned())).await?;
        Ok(BannedIp::parse_all(&v))
    }

    /// The jails in which `ip` is banned.
    async fn banned_in(&self, ip: IpAddr) -> Result<Vec<String>> {
        let v = self.call(Command::Banned(ip)).await?;
        // fail2ban answers one list of jails per address asked about.
        Ok(v.as_seq()
            .and_then(|lists| lists.first())
            .map(status::strings)
            .unwrap_or_default())
    }

    /// Bans every address or network in one command; returns how many were
    /// newly banned.
    async fn ban(&self, jail: &str, targets: &[IpNet]) -> Result<i64> {
        if targets.is_empty() {
            return Ok(0);
        }
        let v = self
            .call(Command::Ban(jail.to_owned(), targets.to_vec()))
            .await?;
        int(&v, "ban count")
    }

    /// Unbans addresses or networks in one jail; returns how many were banned
    /// before.
    async fn unban(&self, jail: &str, targets: &[IpNet]) -> Result<i64> {
        if targets.is_empty() {
            return Ok(0);
        }
        let v = self
            .call(Command::Unban(jail.to_owned(), targets.to_vec()))
            .await?;
        int(&v, "unban count")
    }

    async fn get(&self, jail: &str, setting: JailSetting) -> Result<i64> {
        let v = self.call(Command::Get(jail.to_owned(), setting)).await?;
        int(&v, "setting")
    }

    async fn set(&self, jail: &str, setting: JailSetting, value: i64) -> Result<i64> {
        let v = self
            .call(Command::Set(jail.to_owned(), setting, value))
            .await?;
        int(&v, "setting")
    }

    async fn ignore_ips(&self, jail: &str) -> Result<Vec<String>> {
        Ok(status::strings(
            &self.call(Command::IgnoreIps(jail.to_owned())).await?,
        ))
    }

    async fn add_ignore_ip(&self, jail: &str, entry: &str) -> Result<Vec<String>> {
        let v = self
            .call(Command::AddIgnoreIp(jail.to_owned(), entry.to_owned()))
            .await?;
        Ok(status::strings(&v))
    }

    async fn del_ignore_ip(&self, jail: &str, entry: &str) -> Result<Vec<String>> {
        let v = self
            .call(Command::DelIgnoreIp(jail.to_owned(), entry.to_owned()))
            .await?;
        Ok(status::strings(&v))
    }

    async fn log_paths(&self, jail: &str) -> Result<Vec<String>> {
        Ok(status::strings(
            &self.call(Command::LogPaths(jail.to_owned())).await?,
        ))
    }

    async fn actions(&self, jail: &str) -> Result<Vec<String>> {
        Ok(status::strings(
            &self.call(Command::Actions(jail.to_owned())).await?,
        ))
    }

    async fn fail_regex(&self, jail: &str) -> Result<Vec<String>> {
        let v = self.call(Command::FailRegex(jail.to_owned())).await?;
        Ok(v.as_seq()
            .unwrap_or_default()
            .iter()
            .filter_map(|s| s.as_str().map(str::to_owned))
            .collect())
    }

    async fn reload(&self, jail: Option<&str>) -> Result<()> {
        self.call(Command::Reload(jail.map(str::to_owned)))
            .await
            .map(|_| ())
    }

    async fn start_jail(&self, jail: &str) -> Result<()> {
        self.call(Command::Start(jail.to_owned())).await.map(|_| ())
    }

    async fn stop_jail(&self, jail: &str) -> Result<()> {
        self.call(Command::Stop(jail.to_owned())).await.map(|_| ())
    }

    async fn db_file(&self) -> Result<Option<String>> {
        Ok(self
            .call(Command::DbFile)
            .await?
            .as_str()
            .map(str::to_owned))
    }

    async fn db_purge_age(&self) -> Result<i64> {
        int(&self.call(Command::DbPurgeAge).await?, "dbpurgeage")
    }
}

type SharedCall = Shared<BoxFuture<'static, Result<Value>>>;

#[derive(Default)]
struct ReadState {
    /// Bumped by every write, so a read that started before it is not cached.
    generation: u64,
    cache: HashMap<Command, (Instant, Value)>,
    in_flight: HashMap<Command, SharedCall>,
}

/// Connections open at once: fail2ban serves one command at a time and listens
/// with a backlog of one, so a second connection would only be refused.
const MAX_CONNECTIONS: usize = 1;

/// fail2ban over its Unix socket.
#[derive(Clone)]
pub struct SocketClient {
    socket: Arc<PathBuf>,
    timeout: Duration,
    reads: Arc<Mutex<ReadState>>,
    connections: Arc<Semaphore>,
}

impl SocketClient {
    /// A client for the socket at `socket`; each call fails after `timeout`.
    pub fn new(socket: impl Into<PathBuf>, timeout: Duration) -> SocketClient {
        SocketClient {
            socket: Arc::new(socket.into()),
            timeout,
            reads: Arc::default(),
            connections: Arc::new(Semaphore::new(MAX_CONNECTIONS)),
        }
    }

    pub fn socket(&self) -> &Path {
        &self.socket
    }

    fn reads(&self) -> std::sync::MutexGuard<'_, ReadState> {
        self.reads
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Starts a read as a task of its own, shared by every caller that asks the
    /// same before it ends. The task, not a caller, holds the connection and does
    /// the bookkeeping, so a caller that goes away (a closed browser tab) never
    /// leaves the connection held by a future nobody polls.
    fn spawn_read(&self, command: Command, words: Vec<String>, generation: u64) -> SharedCall {
        let reads = self.reads.clone();
        let round_trip = Self::round_trip(
            self.socket.clone(),
            self.timeout,
            self.connections.clone(),
            words,
        );
        let task = tokio::spawn(async move {
            let result = round_trip.await;
            let mut reads = reads
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            reads.in_flight.remove(&command);
            if let Ok(value) = &result
                && reads.generation == generation
            {
                reads.cache.insert(command, (Instant::now(), value.clone()));
            }
            result
        });
        async move {
            task.await
                .unwrap_or_else(|e| Err(Fail2banError::Protocol(format!("read task ended: {e}"))))
        }
        .boxed()
        .shared()
    }

    /// One round trip on a fresh connection, bounded by the timeout.
    async fn round_trip(
        socket: Arc<PathBuf>,
        timeout: Duration,
        connections: Arc<Semaphore>,
        words: Vec<String>,
    ) -> Result<Value> {
        let started = Instant::now();
        // The timeout covers waiting for a free connection too.
        let outcome = tokio::time::timeout(timeout, async {
            let _permit = connections
                .acquire()
                .await
                .map_err(|_| Fail2banError::Protocol("client closed".into()))?;
            exchange(&socket, &words).await
        })
        .await;
        let elapsed_ms = started.elapsed().as_millis() as u64;
        match outcome {
            Ok(result) => {
                debug!(
                    command = %words.first().map_or("", String::as_str),
                    elapsed_ms,
                    error = ?result.as_ref().err(),
                    "fail2ban call"
                );
                result
            }
            Err(_) => Err(Fail2banError::Timeout { after: timeout }),
        }
    }
}

#[async_trait]
impl Fail2ban for SocketClient {
    fn forget_cached(&self) {
        let mut reads = self.reads();
        reads.generation += 1;
        reads.cache.clear();
    }

    async fn call(&self, command: Command) -> Result<Value> {
        let words = command.words();
        if !command.is_read() {
            let result = Self::round_trip(
                self.socket.clone(),
                self.timeout,
                self.connections.clone(),
                words,
            )
            .await;
            let mut reads = self.reads();
            reads.generation += 1;
            reads.cache.clear();
            return result;
        }
        let call = {
            let mut reads = self.reads();
            if let Some((at, value)) = reads.cache.get(&command)
                && at.elapsed() < READ_CACHE_TTL
            {
                return Ok(value.clone());
            }
            let generation = reads.generation;
            reads
                .in_flight
                .entry(command.clone())
                .or_insert_with(|| self.spawn_read(command, words, generation))
                .clone()
        };
        call.await
    }
}
