//! Health of BanGUI's parts: the database and fail2ban, checked on demand.
//!
//! A monitor asking many times a second costs one database query and one
//! question to fail2ban per [`FRESH_FOR`]: the latest checks are shared.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;

use crate::config::Secret;
use crate::jails::{Fail2banService, Probe};

/// How long a check answers the health questions that follow it.
pub const FRESH_FOR: Duration = Duration::from_millis(250);

/// How long a check waits for fail2ban.
pub const PROBE_TIMEOUT: Duration = Duration::from_secs(2);

/// The database's state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DatabaseHealth {
    /// Whether the database answered a query just now.
    pub ok: bool,
    /// `sqlite` or `postgres`.
    pub backend: &'static str,
    /// Whether the disk holding the SQLite database has less free space than
    /// the configured minimum; always false on PostgreSQL.
    pub disk_full: bool,
}

impl DatabaseHealth {
    /// Whether BanGUI can serve: the database answers and has room to write.
    pub fn serves(&self) -> bool {
        self.ok && !self.disk_full
    }
}

/// fail2ban's state when it was checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fail2banHealth {
    pub probe: Probe,
    pub checked_at: DateTime<Utc>,
}

/// Checks the parts BanGUI depends on.
#[derive(Clone)]
pub struct HealthService {
    db: DatabaseConnection,
    database_url: Secret,
    min_free_disk: u64,
    fail2ban: Fail2banService,
    recent: Arc<RecentChecks>,
}

impl HealthService {
    /// `min_free_disk` is in bytes.
    pub fn new(
        db: DatabaseConnection,
        database_url: Secret,
        min_free_disk: u64,
        fail2ban: Fail2banService,
    ) -> Self {
        HealthService {
            db,
            database_url,
            min_free_disk,
            fail2ban,
            recent: Arc::default(),
        }
    }

    /// The database's state, checked again when the latest check is stale.
    pub async fn database(&self) -> DatabaseHealth {
        self.recent.database.get(self.check_database()).await
    }

    /// fail2ban's state, checked again when the latest check is stale.
    pub async fn fail2ban(&self) -> Fail2banHealth {
        self.recent.fail2ban.get(self.probe_fail2ban()).await
    }

    /// Both parts, checked now.
    pub async fn check_now(&self) -> (DatabaseHealth, Fail2banHealth) {
        tokio::join!(self.check_database(), self.probe_fail2ban())
    }

    /// Asks the database now and reads its disk's free space.
    pub async fn check_database(&self) -> DatabaseHealth {
        let ok = crate::db::ping(&self.db).await;
        let disk_full = crate::db::disk_free(self.database_url.expose())
            .is_some_and(|free| free < self.min_free_disk);
        DatabaseHealth {
            ok,
            backend: crate::db::backend_name(&self.db),
            disk_full,
        }
    }

    /// Asks fail2ban now, waiting at most [`PROBE_TIMEOUT`].
    pub async fn probe_fail2ban(&self) -> Fail2banHealth {
        let probe = tokio::time::timeout(PROBE_TIMEOUT, self.fail2ban.probe())
            .await
            .unwrap_or(Probe {
                reachable: false,
                version: None,
                jails: Vec::new(),
            });
        Fail2banHealth {
            probe,
            checked_at: Utc::now(),
        }
    }
}

/// The latest checks, shared by every clone of a [`HealthService`].
#[derive(Default)]
struct RecentChecks {
    database: Recent<DatabaseHealth>,
    fail2ban: Recent<Fail2banHealth>,
}

/// One part's latest check: read without waiting while it is fresh; when it
/// is stale, one caller checks again and the others wait for its answer.
struct Recent<T> {
    latest: Mutex<Option<(Instant, T)>>,
    checking: tokio::sync::Mutex<()>,
}

impl<T> Default for Recent<T> {
    fn default() -> Self {
        Self {
            latest: Mutex::new(None),
            checking: tokio::sync::Mutex::new(()),
        }
    }
}

impl<T: Clone> Recent<T> {
    fn fresh(&self) -> Option<T> {
        let latest = self.latest.lock().unwrap_or_else(PoisonError::into_inner);
        latest
            .as_ref()
            .filter(|(at, _)| at.elapsed() < FRESH_FOR)
            .map(|(_, value)| value.clone())
    }

    async fn get<F: std::future::Future<Output = T>>(&self, check: F) -> T {
        if let Some(value) = self.fresh() {
            return value;
        }
        let _checking = self.checking.lock().await;
        // Another caller may have checked while this one waited.
        if let Some(value) = self.fresh() {
            return value;
        }
        let value = check.await;
        *self.latest.lock().unwrap_or_else(PoisonError::into_inner) =
            Some((Instant::now(), value.clone()));
        value
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    #[tokio::test]
    async fn a_fresh_check_answers_the_callers_that_follow_it() {
        let recent = Recent::<usize>::default();
        let checks = AtomicUsize::new(0);
        let check = || async {
            checks.fetch_add(1, Ordering::SeqCst);
            7
        };
        assert_eq!(recent.get(check()).await, 7);
        assert_eq!(recent.get(check()).await, 7);
        assert_eq!(checks.load(Ordering::SeqCst), 1);
        tokio::time::sleep(FRESH_FOR + Duration::from_millis(20)).await;
        assert_eq!(recent.get(check()).await, 7);
        assert_eq!(checks.load(Ordering::SeqCst), 2);
    }
}
