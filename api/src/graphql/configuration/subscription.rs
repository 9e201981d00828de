//! `Subscription.configChanged`: each configuration change as it is recorded.

use async_graphql::{Context, Subscription};
use bangui_core::Role;
use futures::Stream;
use tokio::sync::broadcast::error::RecvError;
use tracing::warn;

use super::types::ConfigChange;
use crate::graphql::context::{RoleGuard, app};
use crate::graphql::error::GqlResult;

/// How often changes made by other instances are looked for.
const POLL_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

#[derive(Default)]
pub struct ConfigurationSubscription;

#[Subscription]
impl ConfigurationSubscription {
    /// Every change of BanGUI's configuration files from now on, applied or
    /// refused, made by this instance (at once) or another one sharing its
    /// database (within a second). Needs ADMIN.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn config_changed(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<impl Stream<Item = ConfigChange>> {
        let configuration = app(ctx)?.configuration.clone();
        let mut woken = configuration.subscribe();
        let mut last = configuration.latest_change_id().await.gql()?;
        Ok(async_stream::stream! {
            loop {
                // This instance's changes wake the stream; others' are found
                // by reading the table every second.
                tokio::select! {
                    woke = woken.recv() => {
                        if matches!(woke, Err(RecvError::Closed)) {
                            return;
                        }
                    }
                    () = tokio::time::sleep(POLL_EVERY) => {}
                }
                match configuration.changes_after(last).await {
                    Ok(changes) => {
                        for change in changes {
                            last = change.id;
                            yield ConfigChange(change);
                        }
                    }
                    Err(e) => warn!(error = %e, "configuration changes could not be read"),
                }
            }
        })
    }
}
