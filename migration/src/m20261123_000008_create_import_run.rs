//! Creates `import_run`; UNIQUE(source_id, content_hash) makes imports idempotent.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261123_000007_create_blocklist_source::BlocklistSource;
use crate::create_index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    atomic!();

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ImportRun::*;
        manager
            .create_table(
                TableCreateStatement::new()
                    .table(Table)
                    .col(big_pk_auto(Id))
                    .col(big_integer(SourceId))
                    .col(string_len(Status, 16))
                    .col(boolean(DryRun))
                    .col(big_integer(CreatedAt))
                    .col(big_integer_null(StartedAt))
                    .col(big_integer_null(FinishedAt))
                    .col(string_len_null(ContentHash, 64))
                    .col(big_integer(DownloadedBytes).default(0))
                    .col(big_integer(ParsedLines).default(0))
                    .col(big_integer(ValidIps).default(0))
                    .col(big_integer(NewBans).default(0))
                    .col(big_integer(AlreadyBanned).default(0))
                    .col(big_integer(Skipped).default(0))
                    .col(big_integer(InvalidLines).default(0))
                    .col(big_integer(Unbanned).default(0))
                    .col(text_null(Error))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_import_run_source")
                            .from(Table, SourceId)
                            .to(BlocklistSource::Table, BlocklistSource::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "ux_import_run_content",
            Table,
            &[SourceId, ContentHash],
            true,
        )
        .await?;
        create_index(
            manager,
            "ix_import_run_source_id",
            Table,
            &[SourceId, Id],
            false,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ImportRun::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone)]
enum ImportRun {
    Table,
    Id,
    SourceId,
    Status,
    DryRun,
    CreatedAt,
    StartedAt,
    FinishedAt,
    ContentHash,
    DownloadedBytes,
    ParsedLines,
    ValidIps,
    NewBans,
    AlreadyBanned,
    Skipped,
    InvalidLines,
    Unbanned,
    Error,
}
