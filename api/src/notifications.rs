//! Notifications set up on the project's database; archived events reach
//! the notification rules, and old deliveries go.

use std::sync::Arc;
use std::time::Duration;

use bangui_core::Config;
use bangui_core::notify::{Mailer, NotifyService, NotifySettings};
use bangui_jobs::deliveries::DeliveryStorage;

use tokio::sync::broadcast::error::RecvError;
use tokio_util::sync::CancellationToken;
use tracing::warn;

use crate::state::AppState;

/// How often finished deliveries past their retention are removed.
const PRUNE_EVERY: Duration = Duration::from_secs(3_600);

/// Notifications and the queue of their deliveries, on the project's database.
pub async fn open(
    db: &sea_orm::DatabaseConnection,
    config: &Config,
) -> Result<(NotifyService, DeliveryStorage), String> {
    let storage = DeliveryStorage::open(db).await.map_err(|e| e.to_string())?;
    let mailer = match config.smtp_url.expose() {
        "" => None,
        url => Some(Mailer::new(url, &config.smtp_from)?),
    };
    let settings = NotifySettings {
        allow_private_urls: config.notify_allow_private_urls,
        allowed_networks: config.notify_allowed_networks.clone(),
        max_per_minute: config.notify_max_per_minute,
        attempts: config.notify_attempts,
        retry_base: config.notify_retry_base,
        public_url: Some(config.public_url.clone()).filter(|u| !u.is_empty()),
        mailer,
    };
    let notify = NotifyService::new(db.clone(), Arc::new(storage.clone()), settings)
        .map_err(|e| e.to_string())?;
    Ok((notify, storage))
}

/// Follows this instance's event feed until `stop`.
pub fn start(state: AppState, stop: CancellationToken) {
    let mut events = state.events.follow();
    tokio::spawn(async move {
        let mut prune = tokio::time::interval(PRUNE_EVERY);
        loop {
            tokio::select! {
                () = stop.cancelled() => return,
                _ = prune.tick() => {
                    let keep = i64::try_from(state.config.delivery_retention.as_secs()).unwrap_or(i64::MAX);
                    let before = bangui_core::time::now().saturating_sub(keep);
                    if let Err(e) = state.notify.prune_deliveries(before).await {
                        warn!(error = %e, "old deliveries could not be removed");
                    }
                }
                event = events.recv() => match event {
                    Ok(event) => {
                        if let Err(e) = state.notify.on_event(&event).await {
                            warn!(event = event.id, error = %e, "an event could not reach the notification rules");
                        }
                    }
                    Err(RecvError::Lagged(missed)) => {
                        // The next event's delivery tells the missed ones too:
                        // a delivery tells everything since the last message.
                        warn!(missed, "the notification rules fell behind the event feed");
                    }
                    Err(RecvError::Closed) => return,
                },
            }
        }
    });
}
