//! `ignore_entry`: an address or network fail2ban never bans, on one jail or
//! (section `DEFAULT`) on every jail of the host: the allowlist.

use sea_orm::entity::prelude::*;

/// The section of allowlist entries.
pub const ALLOWLIST: &str = "DEFAULT";

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ignore_entry")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub host: String,
    /// The jail, or [`ALLOWLIST`].
    pub section: String,
    /// As entered: an address, or a network in CIDR notation.
    pub network: String,
    pub comment: Option<String>,
    pub expires_at: Option<i64>,
    pub added_by: Option<String>,
    pub added_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
