//! `Subscription.banEvents`: replays archived events after a cursor, then goes on
//! live, with no gap and no duplicate at the seam.

use async_graphql::{Context, Subscription};
use bangui_core::{Role, events, pagination};
use futures::Stream;
use tokio::sync::broadcast::error::RecvError;
use tracing::warn;

use super::types::{BanEvent, BanEventFilter, EVENT_CURSOR};
use crate::graphql::context::{RoleGuard, app};
use crate::graphql::error::GqlResult;

/// Events read per replay query.
const REPLAY_PAGE: u64 = 500;

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
        let state = app(ctx)?.clone();
        let filter = filter.unwrap_or_default();
        let after = after
            .as_deref()
            .map(|c| pagination::decode::<i64>(EVENT_CURSOR, c))
            .transpose()
            .gql()?;
        // Subscribe before reading the archive: what is broadcast meanwhile waits
        // in the receiver, and the ids tell which of it was replayed already.
        let mut live = state.events.subscribe();
        let mut last = match after {
            Some(id) => id,
            None => events::last_id(&state.db).await.gql()?,
        };
        let mut catch_up = after.is_some();
        Ok(async_stream::stream! {
            loop {
                if catch_up {
                    loop {
                        let page = match events::replay(&state.db, last, REPLAY_PAGE).await {
                            Ok(page) => page,
                            Err(e) => {
                                warn!(error = %e, "replaying ban events failed");
                                return;
                            }
                        };
                        let full = page.len() as u64 == REPLAY_PAGE;
                        for event in page {
                            last = event.id;
                            if filter.matches(&event) {
                                yield BanEvent(event);
                            }
                        }
                        if !full {
                            break;
                        }
                    }
                    catch_up = false;
                }
                match live.recv().await {
                    Ok(event) => {
                        if event.id > last {
                            last = event.id;
                            if filter.matches(&event) {
                                yield BanEvent((*event).clone());
                            }
                        }
                    }
                    Err(RecvError::Lagged(_)) => {
                        state.events.note_lagged();
                        catch_up = true;
                    }
                    Err(RecvError::Closed) => return,
                }
            }
        })
    }
}
