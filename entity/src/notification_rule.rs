//! `notification_rule`: what to tell (`trigger`), about which events (the
//! filters, JSON arrays of strings, empty for all), and for BURST and DIGEST
//! their threshold, window and period. Its channels are in
//! `notification_rule_channel`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notification_rule")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub name: String,
    pub trigger: String,
    pub jails: String,
    pub countries: String,
    pub origins: String,
    pub hosts: String,
    pub threshold: Option<i64>,
    pub window_minutes: Option<i64>,
    pub period: Option<String>,
    pub enabled: bool,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
