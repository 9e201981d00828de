//! `ban_intent`: who is about to ban an address, written before fail2ban is
//! asked, so the archive names the right origin even when the writer is
//! interrupted before it archives the ban itself.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ban_intent")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub jail: String,
    pub ip: String,
    /// `MANUAL` or `BLOCKLIST`.
    pub origin: crate::kinds::Origin,
    /// The blocklist source, for `BLOCKLIST`.
    pub source_id: Option<i64>,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
