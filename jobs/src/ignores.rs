//! Ignore entries whose time is up leave fail2ban's configuration, on every
//! host, every tick, on one instance per tick. An agent host that is not
//! connected has its expired entries removed once it is back.

use apalis::prelude::Data;
use apalis_cron::Tick;
use bangui_core::ServiceError;
use bangui_core::fail2ban_config::ConfigService;
use bangui_core::hosts::Hosts;
use sea_orm::DatabaseConnection;
use tracing::{info, warn};

/// What the expiry job needs.
#[derive(Clone)]
pub(crate) struct IgnoreExpiry {
    pub db: DatabaseConnection,
    pub configuration: ConfigService,
    pub hosts: Hosts,
}

/// The job body run at every tick.
pub(crate) async fn run(tick: Tick, job: Data<IgnoreExpiry>) -> anyhow::Result<()> {
    if !crate::lease::claim(&job.db, "ignore-expiry", crate::tick_secs(&tick)).await? {
        return Ok(());
    }
    let now = bangui_core::time::now();
    for fail2ban in job.hosts.for_read(None).await? {
        let host = fail2ban.host().name.clone();
        let configuration = if fail2ban.host().is_local() {
            job.configuration.clone()
        } else {
            job.configuration.on(fail2ban)
        };
        match configuration.remove_expired(now).await {
            Ok(0) => {}
            Ok(removed) => info!(host, removed, "expired ignore entries removed"),
            Err(ServiceError::HostUnavailable { .. }) => {}
            Err(e) => warn!(host, error = %e, "expired ignore entries could not be removed"),
        }
    }
    Ok(())
}
