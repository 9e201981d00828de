//! Ignore entries whose time is up leave fail2ban's configuration, every
//! tick, on one instance per tick.

use apalis::prelude::Data;
use apalis_cron::Tick;
use bangui_core::fail2ban_config::ConfigService;
use sea_orm::DatabaseConnection;
use tracing::info;

/// What the expiry job needs.
#[derive(Clone)]
pub(crate) struct IgnoreExpiry {
    pub db: DatabaseConnection,
    pub configuration: ConfigService,
}

/// The job body run at every tick.
pub(crate) async fn run(tick: Tick, job: Data<IgnoreExpiry>) -> anyhow::Result<()> {
    if !crate::lease::claim(&job.db, "ignore-expiry", crate::tick_secs(&tick)).await? {
        return Ok(());
    }
    let removed = job
        .configuration
        .remove_expired(bangui_core::time::now())
        .await?;
    if removed > 0 {
        info!(removed, "expired ignore entries removed");
    }
    Ok(())
}
