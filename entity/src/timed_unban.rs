//! `timed_unban`: a ban given its own length, which BanGUI lifts when it is
//! due (fail2ban's `banip` takes no length).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "timed_unban")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub jail: String,
    /// The address, or the network in CIDR notation.
    pub ip: String,
    pub due_at: i64,
    pub created_at: i64,
    /// The host whose fail2ban holds the ban.
    pub host_id: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
