//! `delivery`: one message to one channel. `key` is unique: the event or the
//! window it tells about, so instances that see the same event make one
//! delivery. `message` is fixed before the first attempt, so every retry
//! sends the same bytes; `lease_until` keeps two workers off one attempt.

use sea_orm::entity::prelude::*;

/// Statuses, as the API names them.
pub const PENDING: &str = "PENDING";
pub const RETRYING: &str = "RETRYING";
pub const DELIVERED: &str = "DELIVERED";
pub const FAILED: &str = "FAILED";

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "delivery")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub key: String,
    pub channel_id: i64,
    pub rule_id: Option<i64>,
    pub trigger: String,
    pub status: String,
    pub attempts: i64,
    pub created_at: i64,
    /// When the first attempt may run (the end of a coalescing window).
    pub due_at: i64,
    pub lease_until: Option<i64>,
    pub delivered_at: Option<i64>,
    pub error: Option<String>,
    /// The message as JSON, once composed.
    pub message: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
