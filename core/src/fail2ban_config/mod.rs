//! fail2ban's configuration as BanGUI changes it: only in files it owns
//! (`jail.d/bangui.local`, `jail.d/bangui-<jail>.local`), rendered from what
//! it stores (`stored.rs`, `render.rs`), written atomically (`files.rs`),
//! checked and loaded by fail2ban or undone (`apply.rs`), next to the
//! operator's files, read as fail2ban reads them (`ini.rs`, `view.rs`). Also
//! the installed filters (`filters.rs`) and filter tests by fail2ban-regex
//! (`regex.rs`). The use-cases are [`ConfigService`]'s.

mod apply;
mod files;
mod filter_test;
pub mod filters;
mod ignores;
pub mod ini;
mod inputs;
mod jail_changes;
mod reads;
pub mod regex;
pub mod render;
mod service;
mod stored;
pub mod view;

pub use inputs::{FilterTest, IgnoreEntry, JailConfig, NewIgnore, NewJail};
pub use service::ConfigService;
