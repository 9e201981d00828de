//! The archive sync: copies fail2ban's new bans, unbans and expiries into the
//! archive at every tick. Idempotent (see `bangui_core::sync`).

use std::sync::Arc;

use apalis::prelude::Data;
use apalis_cron::Tick;
use bangui_core::geo::Geo;
use bangui_fail2ban::db::Fail2banDb;
use sea_orm::DatabaseConnection;
use tracing::info;

/// What the sync job needs.
#[derive(Clone)]
pub(crate) struct ArchiveSync {
    pub db: DatabaseConnection,
    pub reader: Fail2banDb,
    pub geo: Arc<Geo>,
}

/// The job body run at every tick.
pub(crate) async fn run(tick: Tick, job: Data<ArchiveSync>) -> anyhow::Result<()> {
    if !crate::lease::claim(&job.db, "archive-sync", crate::tick_secs(&tick)).await? {
        return Ok(());
    }
    let step = bangui_core::sync::step(&job.db, &job.reader, &job.geo).await?;
    if step.archived > 0 || step.ended > 0 {
        info!(
            read = step.read,
            archived = step.archived,
            ended = step.ended,
            "archive synced"
        );
    }
    Ok(())
}
