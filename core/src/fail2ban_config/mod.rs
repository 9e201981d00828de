//! fail2ban's configuration as BanGUI changes it: only in files it owns
//! (`jail.d/bangui.local`, `jail.d/bangui-<jail>.local`), rendered from what
//! it stores (`stored.rs`, `render.rs`), written through the host's
//! [`Fail2banFiles`](bangui_fail2ban::conf::Fail2banFiles) (this machine's
//! directory or an agent's), checked and loaded by fail2ban or undone
//! (`apply.rs`), next to the operator's files, read as fail2ban reads them
//! (`view.rs`). Also the installed filters and filter tests by
//! fail2ban-regex. The use-cases are [`ConfigService`]'s.

mod apply;
mod filter_test;
mod ignores;
mod inputs;
mod jail_changes;
mod reads;
pub mod render;
mod service;
mod stored;
pub mod view;

pub use bangui_fail2ban::conf::{filters, ini, regex};
pub use inputs::{FilterTest, IgnoreEntry, JailConfig, NewIgnore, NewJail};
pub use service::ConfigService;
