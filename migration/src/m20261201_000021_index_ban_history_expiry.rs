//! Indexes the bans still open by expiry, so a sync tick finds the bans that have
//! expired, and counts the ones in force per jail from the index alone.

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
            "ix_ban_history_open_expires_at",
            BanHistory::Table,
            &[
                BanHistory::EndedAt,
                BanHistory::Kind,
                BanHistory::ExpiresAt,
                BanHistory::Jail,
            ],
            false,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ix_ban_history_open_expires_at")
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
    ExpiresAt,
    Jail,
}
