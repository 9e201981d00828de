//! Indexes the bans still open by start, so counting the active bans of a time
//! range reads that range of open bans only.

use sea_orm_migration::prelude::*;

use crate::create_index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    atomic!();

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create_index(
            manager,
            "ix_ban_history_open_banned_at",
            BanHistory::Table,
            &[BanHistory::EndedAt, BanHistory::Kind, BanHistory::BannedAt],
            false,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ix_ban_history_open_banned_at")
                    .table(BanHistory::Table)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden, Clone)]
enum BanHistory {
    Table,
    EndedAt,
    Kind,
    BannedAt,
}
