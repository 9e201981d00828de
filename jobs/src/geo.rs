//! Geolocation upkeep, every tick: reload a replaced MMDB, write cached answers
//! in one batch, drop answers unseen for the retention time, and correct the
//! archive's countries a step at a time. Every part is idempotent.

use std::sync::Arc;
use std::time::Duration;

use apalis::prelude::Data;
use apalis_cron::Tick;
use bangui_core::geo::{Geo, enrich};
use sea_orm::DatabaseConnection;
use tracing::info;

/// Archive rows looked at per tick after an MMDB change.
const RERESOLVE_STEP: u64 = 20_000;
/// Addresses without a country retried per tick.
const MISSING_STEP: u64 = 1_000;

/// What the geolocation job needs.
#[derive(Clone)]
pub(crate) struct GeoUpkeep {
    pub db: DatabaseConnection,
    pub geo: Arc<Geo>,
    pub retention: Duration,
}

/// The job body run at every tick.
pub(crate) async fn run(tick: Tick, job: Data<GeoUpkeep>) -> anyhow::Result<()> {
    // Each instance has its own database copy and memory tier.
    if job.geo.resolver().reload_if_changed() {
        info!("geolocation database changed; the archive's countries will be checked again");
    }
    if let Some(asn) = job.geo.asn_resolver()
        && asn.reload_if_changed()
    {
        info!("ASN database changed");
    }
    job.geo.flush().await?;
    // The shared table and the archive: once per tick across instances.
    if !crate::lease::claim(&job.db, "geo-upkeep", crate::tick_secs(&tick)).await? {
        return Ok(());
    }
    let cutoff =
        bangui_core::time::now() - i64::try_from(job.retention.as_secs()).unwrap_or(i64::MAX);
    let purged = job.geo.purge_unseen(cutoff).await?;
    let step = enrich::reresolve_step(&job.db, &job.geo, RERESOLVE_STEP).await?;
    let missing = enrich::fill_missing(&job.db, &job.geo, MISSING_STEP).await?;
    if purged > 0 || step.changed > 0 || missing.changed > 0 {
        info!(
            purged,
            rechecked = step.checked,
            corrected = step.changed,
            filled = missing.changed,
            "geolocation upkeep"
        );
    }
    Ok(())
}
