//! Creates `blocklist_source`.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    atomic!();

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use BlocklistSource::*;
        manager
            .create_table(
                TableCreateStatement::new()
                    .table(Table)
                    .col(big_pk_auto(Id))
                    .col(string_uniq(Name))
                    .col(text(Url))
                    .col(string(Jail))
                    .col(boolean(Enabled))
                    .col(integer(IntervalMinutes))
                    .col(text(Allowlist))
                    .col(boolean(UnbanRemoved).default(false))
                    .col(text_null(Etag))
                    .col(text_null(LastModified))
                    .col(big_integer(CreatedAt))
                    .col(big_integer(UpdatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(BlocklistSource::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum BlocklistSource {
    Table,
    Id,
    Name,
    Url,
    Jail,
    Enabled,
    IntervalMinutes,
    Allowlist,
    UnbanRemoved,
    Etag,
    LastModified,
    CreatedAt,
    UpdatedAt,
}
