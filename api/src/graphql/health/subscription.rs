//! `Subscription.fail2banStatus`: pushes fail2ban's state when it changes.

use std::time::Duration;

use async_graphql::{Context, Subscription};
use bangui_core::Role;
use futures::Stream;

use super::types::Fail2banStatus;
use crate::graphql::context::{RoleGuard, app};

/// How often fail2ban is asked.
const POLL_EVERY: Duration = Duration::from_secs(2);

#[derive(Default)]
pub struct HealthSubscription;

#[Subscription]
impl HealthSubscription {
    /// fail2ban's reachability, version and jails: now, then on every change.
    /// Needs VIEWER.
    #[graphql(name = "fail2banStatus", guard = "RoleGuard(Role::Viewer)")]
    async fn fail2ban_status(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<impl Stream<Item = Fail2banStatus>> {
        let health = app(ctx)?.health.clone();
        let local = app(ctx)?.hosts.local_present();
        Ok(async_stream::stream! {
            // A hub without a fail2ban of its own has none to report.
            if !local {
                std::future::pending::<()>().await;
            }
            let mut last = None;
            loop {
                let status = health.probe_fail2ban().await;
                if last.as_ref() != Some(&status.probe) {
                    last = Some(status.probe.clone());
                    yield Fail2banStatus::from(status);
                }
                tokio::time::sleep(POLL_EVERY).await;
            }
        })
    }
}
