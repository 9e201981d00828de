//! Blocklist sources: published IP lists imported into a fail2ban jail on a
//! schedule or on demand. Sources are kept in `sources.rs`; downloads in
//! [`fetch`], list parsing in [`parse`]; imports are queued in [`queue`], planned in
//! [`plan`] from what [`selection`] lets through, carried out in [`run`], and
//! leave their [`provenance`].

pub mod fetch;
pub mod parse;
pub mod plan;
pub mod provenance;
pub mod queue;
pub mod run;
pub mod selection;
mod service;
mod sources;

pub use queue::ImportStatus;
pub use service::BlocklistService;
pub use sources::{SourceInput, allowlist, url_without_credentials};
