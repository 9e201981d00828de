//! Bans given a length of their own are lifted when it is up, every tick, on
//! one instance per tick; overdue ones after a restart at the first tick.

use apalis::prelude::Data;
use apalis_cron::Tick;
use bangui_core::hosts::Hosts;
use sea_orm::DatabaseConnection;

/// What the job needs.
#[derive(Clone)]
pub(crate) struct TimedUnbans {
    pub db: DatabaseConnection,
    pub hosts: Hosts,
}

/// The job body run at every tick.
pub(crate) async fn run(tick: Tick, job: Data<TimedUnbans>) -> anyhow::Result<()> {
    if !crate::lease::claim(&job.db, "timed-unbans", crate::tick_secs(&tick)).await? {
        return Ok(());
    }
    bangui_core::bans::timed::lift_due(&job.hosts, &job.db, bangui_core::time::now()).await?;
    Ok(())
}
