//! Indexes bans by address, kind, start and jail, so the bans of a few addresses
//! in a time range (the top-address walk) are counted from the index alone,
//! without reading a row of `ban_history`.

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
            "ix_ban_history_ip_counts",
            BanHistory::Table,
            &[
                BanHistory::Ip,
                BanHistory::Kind,
                BanHistory::BannedAt,
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
                    .name("ix_ban_history_ip_counts")
                    .table(BanHistory::Table)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden, Clone)]
enum BanHistory {
    Table,
    Ip,
    Kind,
    BannedAt,
    Jail,
}
