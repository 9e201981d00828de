//! `notification_channel`: where messages go. `target` is a URL, or an
//! e-mail address for `EMAIL`; `secret` (a webhook's HMAC key, an ntfy or
//! Gotify token) is never shown again.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notification_channel")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub name: String,
    /// WEBHOOK, SLACK, DISCORD, NTFY, GOTIFY or EMAIL.
    pub kind: String,
    pub target: String,
    pub secret: Option<String>,
    pub enabled: bool,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
