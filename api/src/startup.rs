//! The start-up sequence: configuration, database and migrations, services,
//! workers, listener. A failing stage undoes the stages before it.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bangui_core::Config;
use bangui_core::audit::Auditor;
use bangui_core::auth::{AccountService, Accounts, Hasher, SessionPolicy, Sessions};
use bangui_core::bans::{BanService, LockoutGuard, server_addresses};
use bangui_core::blocklist::BlocklistService;
use bangui_core::blocklist::fetch::{FetchOptions, Fetcher, UrlPolicy};
use bangui_core::dashboard::DashboardService;
use bangui_core::db::{self, DbError};
use bangui_core::events::EventBus;
use bangui_core::fail2ban_config::ConfigService;
use bangui_core::geo::{Geo, IpApi, MmdbResolver};
use bangui_core::health::HealthService;
use bangui_core::hosts::Hosts;
use bangui_core::jails::{Fail2banService, JailService};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tracing::{info, warn};

use crate::metrics::Metrics;
use crate::state::{App, AppState};

/// How long in-flight requests get to finish after a shutdown signal.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Why BanGUI could not start; each message is one line for the operator.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("{0}")]
    Database(#[from] DbError),
    #[error("{0}")]
    Fail2ban(String),
    #[error("cannot start background workers: {0}")]
    Workers(String),
    #[error("cannot listen on {addr}: {reason}")]
    Listen { addr: SocketAddr, reason: String },
}

/// How much longer than a local fail2ban command a command through an agent
/// may take: the round trip to it.
const AGENT_MARGIN: Duration = Duration::from_secs(5);

/// A started server.
pub struct Running {
    /// The address actually bound (useful with port 0).
    pub addr: SocketAddr,
    pub state: AppState,
    shutdown: CancellationToken,
    server: JoinHandle<()>,
    workers: bangui_jobs::Workers,
    tailer: JoinHandle<()>,
    /// Requests to agents of other instances, and answers to them.
    relay: JoinHandle<()>,
    on_demand: JoinHandle<()>,
    revocations: JoinHandle<()>,
}

impl Running {
    /// Asks the server to stop; [`Running::stopped`] waits for it.
    pub fn shutdown(&self) {
        self.shutdown.cancel();
    }

    /// A token that stops the server when cancelled, for signal handlers.
    pub fn shutdown_handle(&self) -> CancellationToken {
        self.shutdown.clone()
    }

    /// Waits until shutdown is requested, then stops accepting, lets in-flight
    /// requests finish, stops the workers and closes the database.
    pub async fn stopped(self) {
        self.shutdown.cancelled().await;
        let mut server = self.server;
        if tokio::time::timeout(SHUTDOWN_GRACE, &mut server)
            .await
            .is_err()
        {
            warn!(
                grace_secs = SHUTDOWN_GRACE.as_secs(),
                "requests still open after the grace period; closing them"
            );
            server.abort();
        }
        // WebSockets were told (1001) when the token was cancelled.
        self.state.sockets.close();
        if tokio::time::timeout(SHUTDOWN_GRACE, self.state.sockets.wait())
            .await
            .is_err()
        {
            warn!("WebSockets still open after the grace period");
        }
        self.workers.stop().await;
        let _ = self.tailer.await;
        let _ = self.relay.await;
        let _ = self.on_demand.await;
        let _ = self.revocations.await;
        if let Err(e) = self.state.db.clone().close().await {
            warn!(error = %e, "closing the database failed");
        }
        info!("stopped");
    }
}

/// Runs every start-up stage and returns the serving server.
pub async fn start(config: Config) -> Result<Running, StartupError> {
    start_as(config, true).await
}

/// Runs the stages up to the workers only, for `bangui worker`.
pub async fn start_worker(config: Config) -> Result<Running, StartupError> {
    start_as(config, false).await
}

async fn start_as(config: Config, serve: bool) -> Result<Running, StartupError> {
    let started = Instant::now();

    // Stage: database and migrations.
    info!(database = %config.database_url, "opening database");
    let db = db::connect(config.database_url.expose()).await?;
    if let Err(e) = migrate_all(&db).await {
        let _ = db.close().await;
        return Err(e);
    }

    // Stage: services.
    let geo = Arc::new(geo_service(&config, &db));
    match geo.prewarm(100_000).await {
        Ok(n) => info!(entries = n, "geolocation cache warmed"),
        Err(e) => warn!(error = %e, "geolocation cache could not be warmed"),
    }
    let events = Arc::new(EventBus::new(db.clone()));
    let fail2ban = match fail2ban_service(&config, &db, geo.clone()) {
        Ok(service) => service.waking(events.written()),
        Err(e) => {
            let _ = db.close().await;
            return Err(e);
        }
    };
    let hosts = match Hosts::start(
        db.clone(),
        fail2ban,
        config.fail2ban_socket.is_some(),
        &config.host_name,
        config.fail2ban_timeout + AGENT_MARGIN,
    )
    .await
    {
        Ok(hosts) => hosts,
        Err(e) => {
            let _ = db.close().await;
            return Err(StartupError::Fail2ban(e.chain()));
        }
    };
    let fail2ban = hosts.local().clone();
    let fetcher = match Fetcher::new(FetchOptions {
        policy: url_policy(&config),
        ..Default::default()
    }) {
        Ok(fetcher) => fetcher,
        Err(e) => {
            let _ = db.close().await;
            return Err(StartupError::Workers(e.to_string()));
        }
    };
    let sessions = Arc::new(Sessions::new(
        db.clone(),
        SessionPolicy {
            idle: config.session_idle_timeout,
            absolute: config.session_absolute_timeout,
        },
    ));
    let accounts = AccountService::new(
        db.clone(),
        Accounts::new(db.clone(), Hasher::default()),
        sessions.clone(),
    );
    let configuration = ConfigService::new(db.clone(), fail2ban.clone(), config.host_name.clone());
    let (notify, deliveries) = match crate::notifications::open(&db, &config).await {
        Ok(both) => both,
        Err(e) => {
            let _ = db.close().await;
            return Err(StartupError::Workers(e));
        }
    };
    let shutdown = CancellationToken::new();
    let state = AppState(Arc::new(App {
        accounts,
        audit: Auditor::new(db.clone()),
        bans: BanService::new(
            db.clone(),
            fail2ban.clone(),
            LockoutGuard::new(configuration.clone(), own_addresses(&config)),
        ),
        jails: JailService::new(fail2ban.clone()),
        blocklists: BlocklistService::new(
            db.clone(),
            fail2ban.clone(),
            fetcher.options().policy.clone(),
        ),
        dashboards: DashboardService::new(db.clone(), fail2ban.clone(), geo.clone()),
        configuration,
        notify,
        health: HealthService::new(
            db.clone(),
            config.database_url.clone(),
            config.min_free_disk,
            fail2ban.clone(),
        ),
        config,
        db,
        metrics: Metrics::new(),
        fail2ban,
        hosts,
        geo,
        events,
        responses: Default::default(),
        sync_wanted: tokio::sync::Notify::new(),
        unbans: Arc::default(),
        sessions,
        fetcher,
        started,
        stopping: shutdown.clone(),
        sockets: tokio_util::task::TaskTracker::new(),
    }));

    // Stage: workers.
    let deps = bangui_jobs::WorkerDeps {
        db: state.db.clone(),
        session_idle: state.config.session_idle_timeout,
        archive_retention: state.config.archive_retention,
        geo: state.geo.clone(),
        geo_retention: state.config.geoip_cache_retention,
        fail2ban_db: state
            .hosts
            .local_present()
            .then(|| state.fail2ban.reader().clone()),
        sync_interval: state.config.sync_interval,
        unbans: state.unbans.clone(),
        written: state.events.written(),
        importer: bangui_core::blocklist::run::Importer {
            db: state.db.clone(),
            hosts: state.hosts.clone(),
            fetcher: state.fetcher.clone(),
        },
        configuration: state.configuration.clone(),
        ignore_expiry_interval: state.config.ignore_expiry_interval,
        hosts: state.hosts.clone(),
        notify: state.notify.clone(),
        deliveries,
    };
    let workers = match bangui_jobs::Workers::start(deps).await {
        Ok(workers) => workers,
        Err(e) => {
            let _ = state.db.clone().close().await;
            return Err(StartupError::Workers(e.to_string()));
        }
    };

    if !serve {
        info!(
            ready_ms = started.elapsed().as_millis() as u64,
            "BanGUI workers running (no HTTP listener)"
        );
        return Ok(Running {
            addr: state.config.listen,
            state,
            shutdown,
            server: tokio::spawn(async {}),
            workers,
            tailer: tokio::spawn(async {}),
            relay: tokio::spawn(async {}),
            revocations: tokio::spawn(async {}),
            on_demand: tokio::spawn(async {}),
        });
    }

    // Stage: listener.
    let addr = state.config.listen;
    let listener = match TcpListener::bind(addr).await {
        Ok(listener) => listener,
        Err(e) => {
            workers.stop().await;
            let _ = state.db.clone().close().await;
            return Err(StartupError::Listen {
                addr,
                reason: listen_reason(&e),
            });
        }
    };
    let addr = listener.local_addr().map_err(|e| StartupError::Listen {
        addr,
        reason: e.to_string(),
    })?;

    let tailer = state.events.start(shutdown.clone());
    crate::notifications::start(state.clone(), shutdown.clone());
    let relay = match state.hosts.relay() {
        Some(relay) => tokio::spawn(relay.clone().listen(shutdown.clone())),
        None => tokio::spawn(async {}),
    };
    let on_demand = crate::http::hooks::sync_on_demand(state.clone(), shutdown.clone());
    let revocations = state.sessions.listen(shutdown.clone());
    let router = crate::http::router(state.clone());
    let signal = shutdown.clone();
    let limits = crate::http::serve::Limits {
        max_connections: crate::http::serve::connection_cap(state.config.max_connections),
        header_timeout: state.config.header_timeout,
    };
    info!(
        max_connections = limits.max_connections,
        header_timeout_secs = limits.header_timeout.as_secs(),
        "connection limits"
    );
    let server = tokio::spawn(crate::http::serve::serve(listener, router, limits, signal));
    info!(%addr, ready_ms = started.elapsed().as_millis() as u64, "BanGUI is listening");
    Ok(Running {
        addr,
        state,
        shutdown,
        server,
        workers,
        tailer,
        relay,
        on_demand,
        revocations,
    })
}

/// The geolocation resolver and its caches, as configured.
fn geo_service(config: &Config, db: &sea_orm::DatabaseConnection) -> Geo {
    let fallback = config
        .geoip_http_fallback
        .then(|| IpApi::new(&config.geoip_fallback_url));
    Geo::new(MmdbResolver::open(&config.geoip_db), fallback, db.clone())
        .with_asn(MmdbResolver::open_asn(&config.asn_db))
}

/// The fail2ban client and database reader, as configured.
fn fail2ban_service(
    config: &Config,
    db: &sea_orm::DatabaseConnection,
    geo: Arc<Geo>,
) -> Result<Fail2banService, StartupError> {
    Fail2banService::configured(config, db.clone(), geo)
        .map_err(|e| StartupError::Fail2ban(e.chain()))
}

/// Where blocklist URLs may point.
pub fn url_policy(config: &Config) -> UrlPolicy {
    UrlPolicy {
        allow_private: config.blocklist_allow_private_urls,
        allowed_networks: config.blocklist_allowed_networks.clone(),
        ..Default::default()
    }
}

/// Applies BanGUI's migrations.
pub async fn migrate_all(db: &sea_orm::DatabaseConnection) -> Result<(), StartupError> {
    Ok(db::migrate(db).await?)
}

fn listen_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::AddrInUse => "address already in use".to_owned(),
        std::io::ErrorKind::PermissionDenied => {
            "permission denied (ports below 1024 need privileges)".to_owned()
        }
        std::io::ErrorKind::AddrNotAvailable => "address not available on this machine".to_owned(),
        _ => e.to_string(),
    }
}

/// The addresses a ban must not cover without `force`: this machine's, and
/// the one BanGUI listens on.
fn own_addresses(config: &Config) -> Vec<std::net::IpAddr> {
    let mut own = server_addresses();
    let listen = config.listen.ip();
    if !listen.is_unspecified() && !own.contains(&listen) {
        own.push(listen);
    }
    own
}
