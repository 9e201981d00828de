//! `Subscription.hostStatus`: a host each time its agent connects or
//! disconnects.

use async_graphql::{Context, Subscription};
use bangui_core::Role;
use futures::Stream;
use tokio::sync::broadcast::error::RecvError;

use super::types::Host;
use crate::graphql::context::{RoleGuard, app};

#[derive(Default)]
pub struct HostsSubscription;

#[Subscription]
impl HostsSubscription {
    /// A host as its agent connects to or disconnects from this instance.
    /// Needs VIEWER.
    #[graphql(guard = "RoleGuard(Role::Viewer)")]
    async fn host_status(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<impl Stream<Item = Host>> {
        let hosts = app(ctx)?.hosts.clone();
        let mut changes = hosts.registry().changes();
        Ok(async_stream::stream! {
            loop {
                let id = match changes.recv().await {
                    Ok(id) => id,
                    Err(RecvError::Lagged(_)) => continue,
                    Err(RecvError::Closed) => break,
                };
                if let Ok(Some(host)) = hosts.by_id(id).await {
                    yield Host(host);
                }
            }
        })
    }
}
