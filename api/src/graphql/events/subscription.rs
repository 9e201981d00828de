//! `Subscription.banEvents`: the event bus's feed (archived events after a
//! cursor, then live ones, with no gap and no duplicate at the seam), filtered.

use async_graphql::{Context, Subscription};
use bangui_core::{Role, pagination};
use futures::{Stream, StreamExt};

use super::types::{BanEvent, BanEventFilter, EVENT_CURSOR};
use crate::graphql::context::{RoleGuard, app};
use crate::graphql::error::GqlResult;

#[derive(Default)]
pub struct EventsSubscription;

#[Subscription]
impl EventsSubscription {
    /// Every ban and unban as it is archived. With `after` (an event's cursor),
    /// first the archived events after it, then live ones. A subscriber that
    /// falls behind catches up from the archive by itself. Needs VIEWER.
    #[graphql(guard = "RoleGuard(Role::Viewer)")]
    async fn ban_events(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which events (all when null).")] filter: Option<BanEventFilter>,
        #[graphql(
            desc = "An earlier event's cursor: the events after it come first, then live ones."
        )]
        after: Option<String>,
    ) -> async_graphql::Result<impl Stream<Item = BanEvent>> {
        let filter = filter.unwrap_or_default();
        let after = after
            .as_deref()
            .map(|c| pagination::decode::<i64>(EVENT_CURSOR, c))
            .transpose()
            .gql()?;
        let host_ids = filter.host_ids(ctx).await?;
        let feed = app(ctx)?.events.feed(after).await.gql()?;
        Ok(feed.filter_map(move |event| {
            let wanted = filter.matches(&event, host_ids.as_deref());
            std::future::ready(wanted.then_some(BanEvent(event)))
        }))
    }
}
