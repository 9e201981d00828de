//! `blocklist_source`: a published IP list imported into a fail2ban jail.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "blocklist_source")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub name: String,
    pub url: String,
    pub jail: String,
    pub enabled: bool,
    pub interval_minutes: i32,
    /// JSON array of CIDRs never to ban.
    pub allowlist: String,
    /// Unban addresses that have left the list.
    pub unban_removed: bool,
    /// Validators of the last download, for conditional requests.
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    /// The host whose fail2ban its addresses are banned on.
    pub host_id: i64,
}

/// Rows that point here name it from their side (`belongs_to`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
