//! `ban_host_bucket`: bans per hour, day and 32 days × host, kept exact by
//! triggers on `ban_history`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ban_host_bucket")]
pub struct Model {
    /// Bucket length in seconds: 3600, 86400 or 32 × 86400.
    #[sea_orm(primary_key, auto_increment = false)]
    pub span: i32,
    /// Start of the bucket (Unix seconds, a multiple of `span`).
    #[sea_orm(primary_key, auto_increment = false)]
    pub start: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub host_id: i64,
    pub bans: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
