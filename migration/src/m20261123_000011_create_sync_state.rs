//! Creates `sync_state`, the cursors of background syncs.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    atomic!();

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SyncState::Table)
                    .col(string(SyncState::Name).primary_key())
                    .col(text(SyncState::Cursor))
                    .col(big_integer(SyncState::UpdatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SyncState::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum SyncState {
    Table,
    Name,
    Cursor,
    UpdatedAt,
}
