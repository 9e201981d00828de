//! Jails and bans through fail2ban: reading state (`reads.rs`), banning and
//! unbanning with every ban and unban written to the archive (`bans.rs`),
//! changing settings or starting, stopping and reloading jails (`control.rs`),
//! all on the handle of one fail2ban (`fail2ban.rs`), and the use-cases people
//! call, each audited ([`JailService`]).

mod bans;
mod control;
mod fail2ban;
mod reads;
mod service;

pub use bangui_fail2ban::{JailSetting, JailStatus};
pub use bans::{BAN_BATCH, BanNote, BanOutcome, BulkBanOutcome};
pub(crate) use control::ClientOutcome;
pub use control::JailSettings;
pub use fail2ban::{Fail2banService, HostRef, Probe};
pub use service::{JailService, JailState};
