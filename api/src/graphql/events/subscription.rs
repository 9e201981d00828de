//! `Subscription.banEvents`: the event bus's feed (archived events after a
//! cursor, then live ones, with no gap and no duplicate at the seam), filtered.

use async_graphql::{Context, Subscription};
use bangui_core::{Role, pagination};
use futures::{Stream, StreamExt};

use super::types::{BanEvent, BanEventFilter, EVENT_CURSOR};
use crate::graphql::context::{RoleGuard, app};
use crate::graphql::error::{ErrorCode, GqlResult, error};

/// Most events `last` replays.
const MOST_LAST: u64 = 100;
/// Archived events read per step, and steps at most, looking for the last ones.
const LOOK_BACK_PAGE: u64 = 500;
const LOOK_BACK_PAGES: usize = 20;

fn bad_input(message: impl Into<String>) -> async_graphql::Error {
    error(ErrorCode::BadUserInput, message.into())
}

/// The id just before the `wanted`-th newest archived event `filter`
/// selects (looking back a bounded number of events): the `after` that
/// replays the last ones.
async fn start_of_last(
    ctx: &Context<'_>,
    filter: &BanEventFilter,
    host_ids: Option<&[i64]>,
    wanted: u64,
) -> async_graphql::Result<i64> {
    let db = &app(ctx)?.db;
    let mut before = i64::MAX;
    let mut found = 0;
    for _ in 0..LOOK_BACK_PAGES {
        let page = bangui_core::events::earlier(db, before, LOOK_BACK_PAGE)
            .await
            .gql()?;
        let full = page.len() as u64 == LOOK_BACK_PAGE;
        for event in page {
            before = event.id;
            if filter.matches(&event, host_ids) {
                found += 1;
                if found == wanted {
                    return Ok(event.id - 1);
                }
            }
        }
        if !full {
            return Ok(0);
        }
    }
    Ok(before - 1)
}

#[derive(Default)]
pub struct EventsSubscription;

#[Subscription]
impl EventsSubscription {
    /// Every ban and unban as it is archived. With `after` (an event's cursor),
    /// first the archived events after it, then live ones; with `last`
    /// instead, first the last events the filter selects. A subscriber that
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
        #[graphql(
            desc = "Without `after`: first the last this many archived events the filter selects (1 to 100), then live ones."
        )]
        last: Option<i32>,
    ) -> async_graphql::Result<impl Stream<Item = BanEvent>> {
        let filter = filter.unwrap_or_default();
        let mut after = after
            .as_deref()
            .map(|c| pagination::decode::<i64>(EVENT_CURSOR, c))
            .transpose()
            .gql()?;
        let host_ids = filter.host_ids(ctx).await?;
        if let Some(last) = last {
            if after.is_some() {
                return Err(bad_input("give `after` or `last`, not both"));
            }
            let wanted = u64::try_from(last)
                .ok()
                .filter(|n| (1..=MOST_LAST).contains(n))
                .ok_or_else(|| bad_input(format!("last is 1 to {MOST_LAST}, not {last}")))?;
            after = Some(start_of_last(ctx, &filter, host_ids.as_deref(), wanted).await?);
        }
        let feed = app(ctx)?.events.feed(after).await.gql()?;
        Ok(feed.filter_map(move |event| {
            let wanted = filter.matches(&event, host_ids.as_deref());
            std::future::ready(wanted.then_some(BanEvent(event)))
        }))
    }
}
