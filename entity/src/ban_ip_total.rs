//! `ban_ip_total`: the bans of each address per jail, and over all jails under
//! jail `''`, kept exact by triggers on `ban_history`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ban_ip_total")]
pub struct Model {
    /// The jail, or `''` for the address's bans in every jail.
    #[sea_orm(primary_key, auto_increment = false)]
    pub jail: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub ip: String,
    /// ISO 3166-1 alpha-2 as last written, `''` when unknown.
    pub country_code: String,
    pub bans: i64,
    pub first_banned_at: i64,
    pub last_banned_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
