//! `audit_log`: who did what to which target, and how it ended.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub at: i64,
    /// Username, `token:<name>` or `system`.
    pub actor: String,
    /// The mutation or operation name.
    pub action: String,
    pub target: Option<String>,
    /// `ok` or the error code.
    pub outcome: String,
    /// JSON with extra details, never secrets.
    pub details: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
