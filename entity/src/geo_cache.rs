//! `geo_cache`: the persistent tier of the IP-to-country cache.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "geo_cache")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub ip: String,
    /// ISO 3166-1 alpha-2; null is a negative entry (the address is truly unknown).
    pub country_code: Option<String>,
    /// Where the answer came from: `mmdb` or `http`.
    pub source: String,
    pub resolved_at: i64,
    /// Refreshed in batches on use; entries unseen for long are purged.
    pub last_seen_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
