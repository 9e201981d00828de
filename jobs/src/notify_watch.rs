//! The notifications a clock drives (bursts, digests, failed imports,
//! fail2ban down and up), every few seconds, on one instance per tick.

use apalis::prelude::Data;
use apalis_cron::Tick;
use bangui_core::hosts::Hosts;
use bangui_core::notify::{HostState, NotifyService};
use sea_orm::DatabaseConnection;

/// What the watch needs.
#[derive(Clone)]
pub(crate) struct NotifyWatch {
    pub db: DatabaseConnection,
    pub notify: NotifyService,
    pub hosts: Hosts,
}

/// The job body run at every tick.
pub(crate) async fn run(tick: Tick, job: Data<NotifyWatch>) -> anyhow::Result<()> {
    let now = crate::tick_secs(&tick);
    if !crate::lease::claim(&job.db, "notify-watch", now).await? {
        return Ok(());
    }
    let mut states = Vec::new();
    for host in job.hosts.list().await? {
        let up = match job.hosts.for_id(host.host.id).await? {
            Some(fail2ban) if host.connected => fail2ban.probe().await.reachable,
            _ => false,
        };
        states.push(HostState {
            name: host.host.name.clone(),
            up,
        });
    }
    job.notify.watch(now, &states).await?;
    Ok(())
}
