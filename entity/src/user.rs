//! `user`: an account that can sign in to BanGUI.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "user")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Unique login name.
    #[sea_orm(unique)]
    pub username: String,
    /// argon2id hash in PHC string format.
    pub password_hash: String,
    /// `ADMIN`, `OPERATOR` or `VIEWER`.
    pub role: crate::kinds::Role,
    pub created_at: i64,
    pub updated_at: i64,
}

/// Rows that point here name it from their side (`belongs_to`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
