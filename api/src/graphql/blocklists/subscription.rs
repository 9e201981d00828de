//! `Subscription.importProgress`: the counters of a run while it goes.

use std::time::Duration;

use async_graphql::{Context, ID, Subscription};
use bangui_core::Role;
use futures::Stream;
use tracing::warn;

use super::types::ImportRun;
use crate::graphql::accounts::types::parse_id;
use crate::graphql::context::{RoleGuard, app};
use crate::graphql::error::GqlResult;

/// How often a run is read for changes.
const EVERY: Duration = Duration::from_millis(250);

#[derive(Default)]
pub struct BlocklistsSubscription;

#[Subscription]
impl BlocklistsSubscription {
    /// The run now and at each change of its counters or status; ends after the
    /// run has finished. Works whichever instance's worker runs it. Needs VIEWER.
    #[graphql(guard = "RoleGuard(Role::Viewer)")]
    async fn import_progress(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The run to follow.")] run_id: ID,
    ) -> async_graphql::Result<impl Stream<Item = ImportRun>> {
        let state = app(ctx)?.clone();
        let id = parse_id(&run_id)?;
        let first = state.blocklists.run(id).await.gql()?;
        Ok(async_stream::stream! {
            let mut last = first;
            yield ImportRun::from(last.clone());
            while !last.status.is_finished() {
                tokio::time::sleep(EVERY).await;
                let now = match state.blocklists.run(id).await {
                    Ok(run) => run,
                    Err(e) => {
                        warn!(error = %e, run = id, "import progress could not be read");
                        return;
                    }
                };
                // The heartbeat alone is no news.
                let mut seen = now.clone();
                seen.heartbeat_at = last.heartbeat_at;
                if seen != last {
                    yield ImportRun::from(now.clone());
                }
                last = now;
            }
        })
    }
}
