//! `import_run`: one run of a blocklist import, with its counters.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "import_run")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub source_id: i64,
    pub status: crate::kinds::ImportStatus,
    pub dry_run: bool,
    pub created_at: i64,
    pub started_at: Option<i64>,
    pub finished_at: Option<i64>,
    /// Hex SHA-256 of the downloaded content; unique per source.
    pub content_hash: Option<String>,
    pub downloaded_bytes: i64,
    pub parsed_lines: i64,
    pub valid_ips: i64,
    pub new_bans: i64,
    pub already_banned: i64,
    pub skipped: i64,
    pub invalid_lines: i64,
    pub unbanned: i64,
    pub error: Option<String>,
    /// Renewed while the run works; a stale one means the worker stopped.
    pub heartbeat_at: Option<i64>,
    /// A dry run's findings: JSON `{"ban": [...], "unban": [...]}`, first few of each.
    pub preview: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::blocklist_source::Entity",
        from = "Column::SourceId",
        to = "super::blocklist_source::Column::Id",
        on_delete = "Cascade"
    )]
    BlocklistSource,
}

impl Related<super::blocklist_source::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::BlocklistSource.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
