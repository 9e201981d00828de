//! The notification service: its settings, its HTTP client under the
//! outbound policy, and the queue its deliveries go to.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use sea_orm::DatabaseConnection;

use crate::audit::Auditor;
use crate::blocklist::fetch::{self, FetchError, Purpose, UrlPolicy};
use crate::error::{ServiceError, ServiceResult};

use super::email::Mailer;
use super::kinds::Rule;

/// Where deliveries' attempts are queued: an apalis storage on the
/// project's database.
#[async_trait]
pub trait DeliveryQueue: Send + Sync {
    /// Queues attempt `attempt` of delivery `delivery`, to run after `after`;
    /// the same attempt queued again is queued once.
    async fn push(&self, delivery: i64, attempt: i64, after: Duration) -> Result<(), String>;

    /// Queues an attempt once more, now, even if it was queued before (and
    /// its job ended without running it).
    async fn push_again(&self, delivery: i64, attempt: i64, now: i64) -> Result<(), String> {
        let _ = now;
        self.push(delivery, attempt, Duration::ZERO).await
    }

    /// Removes the queue's own records of attempts finished before `before`
    /// (Unix seconds); returns how many went.
    async fn forget_done(&self, before: i64) -> Result<u64, String>;
}

/// How deliveries behave.
#[derive(Clone, Debug)]
pub struct NotifySettings {
    /// Private, loopback and link-local channel URLs are allowed.
    pub allow_private_urls: bool,
    /// Private networks channel URLs may point at all the same.
    pub allowed_networks: Vec<ipnet::IpNet>,
    /// Most messages per rule and channel in a minute; the events between
    /// two messages are told in the second.
    pub max_per_minute: u32,
    /// Attempts of a delivery before it is FAILED.
    pub attempts: u32,
    /// The pause after the first failed attempt; each next one doubles it.
    pub retry_base: Duration,
    /// The dashboard's address, for links in messages; none when empty.
    pub public_url: Option<String>,
    /// The SMTP server of e-mail channels; none: no e-mail channels.
    pub mailer: Option<Mailer>,
}

impl Default for NotifySettings {
    fn default() -> Self {
        NotifySettings {
            allow_private_urls: false,
            allowed_networks: Vec::new(),
            max_per_minute: 3,
            attempts: 5,
            retry_base: Duration::from_secs(30),
            public_url: None,
            mailer: None,
        }
    }
}

/// Notifications' use-cases.
#[derive(Clone)]
pub struct NotifyService {
    pub(super) db: DatabaseConnection,
    pub(super) audit: Auditor,
    pub(super) policy: UrlPolicy,
    pub(super) client: reqwest::Client,
    pub(super) queue: Arc<dyn DeliveryQueue>,
    pub(super) settings: NotifySettings,
    pub(super) memory: SharedMemory,
}

impl NotifyService {
    pub fn new(
        db: DatabaseConnection,
        queue: Arc<dyn DeliveryQueue>,
        settings: NotifySettings,
    ) -> ServiceResult<Self> {
        let policy = UrlPolicy {
            allow_private: settings.allow_private_urls,
            allowed_networks: settings.allowed_networks.clone(),
            purpose: Purpose::Notification,
        };
        let client = fetch::client(&policy, Duration::from_secs(10), Duration::from_secs(30))
            .map_err(|e| ServiceError::internal("building the notification client", e))?;
        Ok(NotifyService {
            audit: Auditor::new(db.clone()),
            db,
            policy,
            client,
            queue,
            settings,
            memory: Arc::default(),
        })
    }

    pub fn settings(&self) -> &NotifySettings {
        &self.settings
    }
}

/// A refusal of the outbound policy or a bad URL, as the caller's mistake.
pub(super) fn refused(e: FetchError) -> ServiceError {
    ServiceError::BadInput(e.to_string())
}

/// What this instance remembers between events.
#[derive(Default)]
pub(super) struct Memory {
    pub(super) rules: Option<(i64, Arc<Vec<Rule>>)>,
    /// The due time of the open delivery of each rule and channel, as this
    /// instance last saw it.
    pub(super) open: HashMap<(i64, i64), i64>,
    /// Deliveries of the clock's triggers this instance made or found made.
    pub(super) told: HashSet<String>,
}

/// The memory a service shares with its clones.
pub(super) type SharedMemory = Arc<Mutex<Memory>>;
