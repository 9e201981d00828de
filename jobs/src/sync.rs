//! The archive sync: copies fail2ban's new bans, unbans and expiries into the
//! archive at every tick. Idempotent (see `bangui_core::sync`).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use apalis::prelude::Data;
use apalis_cron::Tick;
use bangui_core::geo::Geo;
use bangui_core::sync::UnbanCheck;
use bangui_fail2ban::db::Fail2banDb;
use sea_orm::DatabaseConnection;
use tracing::{debug, info, warn};

/// What the sync job needs.
#[derive(Clone)]
pub(crate) struct ArchiveSync {
    pub db: DatabaseConnection,
    pub reader: Fail2banDb,
    pub geo: Arc<Geo>,
    /// When to compare fail2ban's current bans with the archive's.
    pub unbans: Arc<UnbanCheck>,
    pub written: bangui_core::events::Written,
    /// Whether the last tick failed: a failure is logged as a warning once, and
    /// again when the sync recovers.
    pub failing: Arc<AtomicBool>,
}

/// The job body run at every tick.
pub(crate) async fn run(tick: Tick, job: Data<ArchiveSync>) -> anyhow::Result<()> {
    if !crate::lease::claim(&job.db, "archive-sync", crate::tick_secs(&tick)).await? {
        return Ok(());
    }
    let step = match bangui_core::sync::step(&job.db, &job.reader, &job.geo, &job.unbans).await {
        Ok(step) => {
            if job.failing.swap(false, Ordering::Relaxed) {
                info!("archive sync works again");
            }
            step
        }
        Err(e) => {
            if job.failing.swap(true, Ordering::Relaxed) {
                debug!(error = %e, "archive sync failed again");
            } else {
                warn!(error = %e, "archive sync failed; retrying at every tick");
            }
            return Err(e.into());
        }
    };
    if step.archived > 0 || step.ended > 0 {
        job.written.notify();
        info!(
            read = step.read,
            archived = step.archived,
            ended = step.ended,
            "archive synced"
        );
    }
    Ok(())
}
