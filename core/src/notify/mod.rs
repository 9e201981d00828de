//! Notifications: channels (where messages go), rules (what to tell, about
//! which events) and deliveries (each message, sent by a job on the
//! project's database queue, retried with backoff and jitter up to a limit).
//!
//! `channels.rs` and `rules.rs` are their use-cases, `message.rs` what a
//! message says, `send.rs` how each kind of channel receives it (`email.rs` e-mail), `service.rs` the
//! service and its settings,
//! `deliveries.rs` the queue's side (a delivery per event window, each
//! attempt claimed once, its outcome recorded) and `events.rs` what turns
//! archived events into deliveries, coalesced and rate-limited per rule and
//! channel; `watch.rs` the triggers a clock drives (bursts, digests in
//! `digest.rs`, failed imports, fail2ban down and up).

mod channels;
mod deliveries;
mod digest;
mod email;
mod error;
mod events;
mod kinds;
mod message;
mod rules;
mod send;
mod service;
mod watch;

pub use channels::ChannelInput;
pub use email::Mailer;
pub use kinds::{ChannelKind, DigestPeriod, Trigger};
pub use message::{Message, thousands};
pub use rules::{Rule, RuleInput};
pub use service::{DeliveryQueue, NotifyService, NotifySettings};
pub use watch::HostState;
