//! Shared application state handed to every request handler and resolver.

use std::ops::Deref;
use std::sync::Arc;
use std::time::Instant;

use bangui_core::Config;
use bangui_core::audit::Auditor;
use bangui_core::auth::{AccountService, Sessions};
use bangui_core::bans::BanService;
use bangui_core::blocklist::BlocklistService;
use bangui_core::dashboard::DashboardService;
use bangui_core::events::EventBus;
use bangui_core::fail2ban_config::ConfigService;
use bangui_core::geo::Geo;
use bangui_core::health::HealthService;
use bangui_core::hosts::Hosts;
use bangui_core::jails::{Fail2banService, JailService};
use sea_orm::DatabaseConnection;

use crate::metrics::Metrics;

/// Everything a request may need, built once at start-up. Resolvers call the
/// services (`accounts`, `bans`, `jails`, `blocklists`, `configuration`, `dashboards`,
/// `audit`, `events`, `health`); the rest serves the transports, health and metrics.
pub struct App {
    /// Setup, sign-in, passwords, users and API tokens.
    pub accounts: AccountService,
    /// The audit log.
    pub audit: Auditor,
    /// Listing, banning and unbanning.
    pub bans: BanService,
    /// Reading and changing jails.
    pub jails: JailService,
    /// Blocklist sources, imports and runs.
    pub blocklists: BlocklistService,
    /// fail2ban's configuration as BanGUI keeps it: jails, ignore lists, the
    /// allowlist, filters and the history of changes.
    pub configuration: ConfigService,
    /// Notification channels, rules and deliveries.
    pub notify: bangui_core::notify::NotifyService,
    /// The dashboard's aggregations.
    pub dashboards: DashboardService,
    /// The database's and fail2ban's state, for health queries and `/readyz`.
    pub health: HealthService,
    pub config: Config,
    pub db: DatabaseConnection,
    pub metrics: Metrics,
    /// The local host's fail2ban.
    pub fail2ban: Fail2banService,
    /// Every host, and the agents connected to this instance.
    pub hosts: Hosts,
    pub geo: Arc<Geo>,
    pub events: Arc<EventBus>,
    /// Set by `/hooks/fail2ban`: an archive sync is wanted now.
    pub sync_wanted: tokio::sync::Notify,
    /// When the sync compares fail2ban's current bans with the archive's.
    pub unbans: Arc<bangui_core::sync::UnbanCheck>,
    /// Answers to archive queries, kept a moment.
    pub responses: crate::http::cache::ResponseCache,
    /// Checks the credential of each request and WebSocket.
    pub sessions: Arc<Sessions>,
    /// Downloads blocklists.
    pub fetcher: bangui_core::blocklist::fetch::Fetcher,
    pub started: Instant,
    /// Cancelled when the server is asked to stop: WebSockets say goodbye (1001).
    pub stopping: tokio_util::sync::CancellationToken,
    /// The open WebSockets, waited for at shutdown.
    pub sockets: tokio_util::task::TaskTracker,
}

/// Cheap-to-clone handle on [`App`].
#[derive(Clone)]
pub struct AppState(pub Arc<App>);

impl Deref for AppState {
    type Target = App;

    fn deref(&self) -> &App {
        &self.0
    }
}
