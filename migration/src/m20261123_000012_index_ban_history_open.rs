//! Indexes `ban_history` by `ended_at`, so the bans still open are found without
//! a scan of the whole archive.

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
            "ix_ban_history_open",
            BanHistory::Table,
            &[BanHistory::EndedAt, BanHistory::Kind],
            false,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ix_ban_history_open")
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
}
