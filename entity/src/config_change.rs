//! `config_change`: one change of a fail2ban configuration file BanGUI owns,
//! applied or refused.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "config_change")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub at: i64,
    pub actor: String,
    pub host: String,
    /// The file, relative to fail2ban's configuration directory.
    pub file: String,
    /// A unified diff from the old file to the new one.
    pub diff: String,
    pub applied: bool,
    /// fail2ban's reason when it refused the change.
    pub error: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
