//! Blocklist imports: at every tick, queues a run for each source whose interval
//! has passed and runs what is waiting (marking interrupted runs failed first). Runs are
//! claimed one at a time per source, so instances can all tick.

use apalis::prelude::Data;
use apalis_cron::Tick;
use bangui_core::blocklist::queue;
use bangui_core::blocklist::run::Importer;
use tracing::info;

/// The job body run at every tick.
pub(crate) async fn run(tick: Tick, job: Data<Importer>) -> anyhow::Result<()> {
    let now = crate::tick_secs(&tick);
    let queued = queue::schedule_due(&job.db, now).await?;
    if queued > 0 {
        info!(queued, "blocklist imports due");
    }
    job.run_waiting().await?;
    Ok(())
}
