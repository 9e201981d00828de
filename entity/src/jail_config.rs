//! `jail_config`: what BanGUI sets on one jail of one fail2ban host, written
//! to its own files. A `managed` jail is one BanGUI created: its filter, log
//! paths and port are BanGUI's too.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "jail_config")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub host: String,
    pub jail: String,
    pub managed: bool,
    /// `None` leaves `enabled` to fail2ban's other files.
    pub enabled: Option<bool>,
    pub ban_time: Option<i64>,
    pub find_time: Option<i64>,
    pub max_retry: Option<i64>,
    /// For a managed jail: its filter's name.
    pub filter: Option<String>,
    /// For a managed jail: its log paths, a JSON array of strings.
    pub log_paths: Option<String>,
    pub port: Option<String>,
    pub updated_by: String,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
