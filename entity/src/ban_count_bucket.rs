//! `ban_count_bucket`: bans per hour (`span` 3600) and per day (`span` 86400) ×
//! jail × country, kept exact by triggers on `ban_history`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ban_count_bucket")]
pub struct Model {
    /// Bucket length in seconds: 3600 or 86400.
    #[sea_orm(primary_key, auto_increment = false)]
    pub span: i32,
    /// Start of the bucket (Unix seconds, a multiple of `span`).
    #[sea_orm(primary_key, auto_increment = false)]
    pub start: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub jail: String,
    /// ISO 3166-1 alpha-2, `''` when unknown.
    #[sea_orm(primary_key, auto_increment = false)]
    pub country_code: String,
    pub bans: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
