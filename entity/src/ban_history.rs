//! `ban_history`: the long-term archive of ban and unban events.
//!
//! A `BAN` row is one ban of `ip` in `jail` at `banned_at`; the `UNBAN` row that ends
//! it carries the same `(jail, ip, banned_at)` and sets `ended_at` on the ban row.
//! The unique key `(jail, ip, banned_at, kind, host_id)` makes every sync idempotent, and the
//! monotonically growing `id` orders events for replay.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ban_history")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: crate::kinds::EventKind,
    pub ip: String,
    /// The address as 32 hex digits (IPv4 mapped into IPv6), so that a CIDR
    /// filter is a range scan on an index.
    pub ip_key: String,
    pub jail: String,
    /// When the event happened: the ban time for a ban, the unban time for an unban.
    pub at: i64,
    /// When the ban this event belongs to started.
    pub banned_at: i64,
    /// Ban length in seconds, -1 for permanent.
    pub ban_time: i64,
    /// `banned_at + ban_time`, null when permanent.
    pub expires_at: Option<i64>,
    /// How many times fail2ban has banned this address (its `bancount`).
    pub ban_count: i32,
    pub origin: crate::kinds::Origin,
    /// The blocklist source that caused a `BLOCKLIST` ban.
    pub source_id: Option<i64>,
    /// ISO 3166-1 alpha-2, resolved when the row was written; null when unknown.
    pub country_code: Option<String>,
    /// Set on a ban row when it was lifted before it expired.
    pub ended_at: Option<i64>,
    /// Why someone banned it through BanGUI.
    pub reason: Option<String>,
    /// Who banned it through BanGUI.
    pub banned_by: Option<String>,
    /// The host whose fail2ban it happened in (`host.id`).
    pub host_id: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
