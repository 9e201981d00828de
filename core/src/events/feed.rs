//! A subscriber's feed: the archive's events after a cursor, then live ones,
//! each once and in order, catching up from the archive whenever it falls
//! behind the bus.

use std::sync::Arc;

use futures::Stream;
use tokio::sync::broadcast::error::RecvError;
use tracing::warn;

use super::{BanEvent, EventBus, last_id, replay};
use crate::error::ServiceResult;

/// Events read from the archive per statement while catching up.
const REPLAY_PAGE: u64 = 500;

impl EventBus {
    /// The events after the event `after` (from the archive), then live ones;
    /// without `after`, only the events from now on.
    pub async fn feed(
        self: &Arc<Self>,
        after: Option<i64>,
    ) -> ServiceResult<impl Stream<Item = BanEvent> + Send + 'static> {
        // Subscribe before reading the archive: what is broadcast meanwhile
        // waits in the receiver, and the ids tell which of it was replayed.
        let mut live = self.subscribe();
        let mut last = match after {
            Some(id) => id,
            None => last_id(&self.db).await?,
        };
        let mut catch_up = after.is_some();
        let bus = self.clone();
        Ok(async_stream::stream! {
            loop {
                if catch_up {
                    loop {
                        let page = match replay(&bus.db, last, REPLAY_PAGE).await {
                            Ok(page) => page,
                            Err(e) => {
                                warn!(error = %e.chain(), "replaying ban events failed");
                                return;
                            }
                        };
                        let full = page.len() as u64 == REPLAY_PAGE;
                        for event in page {
                            last = event.id;
                            yield event;
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
                            yield (*event).clone();
                        }
                    }
                    Err(RecvError::Lagged(_)) => {
                        bus.note_lagged();
                        catch_up = true;
                    }
                    Err(RecvError::Closed) => return,
                }
            }
        })
    }
}
