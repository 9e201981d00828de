//! `ban_ip_day`: per jail (`''` for all), UTC day and country, the addresses whose
//! last ban fell on that day, kept exact by triggers on `ban_ip_total`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ban_ip_day")]
pub struct Model {
    /// The jail, or `''` for the addresses' bans in every jail.
    #[sea_orm(primary_key, auto_increment = false)]
    pub jail: String,
    /// Start of the day (Unix seconds, a multiple of 86400).
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: i64,
    /// ISO 3166-1 alpha-2, `''` when unknown.
    #[sea_orm(primary_key, auto_increment = false)]
    pub country_code: String,
    pub addresses: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
