//! `Subscription.configChanged`: each configuration change as it is recorded.

use async_graphql::{Context, Subscription};
use bangui_core::Role;
use futures::Stream;
use tokio::sync::broadcast::error::RecvError;

use super::types::ConfigChange;
use crate::graphql::context::{RoleGuard, app};

#[derive(Default)]
pub struct ConfigurationSubscription;

#[Subscription]
impl ConfigurationSubscription {
    /// Every change of BanGUI's configuration files made by this instance
    /// from now on, applied or refused. Needs ADMIN.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn config_changed(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<impl Stream<Item = ConfigChange>> {
        let mut changes = app(ctx)?.configuration.subscribe();
        Ok(async_stream::stream! {
            loop {
                match changes.recv().await {
                    Ok(change) => yield ConfigChange(change),
                    Err(RecvError::Lagged(_)) => continue,
                    Err(RecvError::Closed) => return,
                }
            }
        })
    }
}
