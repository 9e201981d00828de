//! Creates `ban_intent`, the bans BanGUI is about to ask fail2ban for, with
//! their origin, looked up by jail and address.

use sea_orm_migration::{prelude::*, schema::*};

use crate::create_index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    atomic!();

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(BanIntent::Table)
                    .col(big_pk_auto(BanIntent::Id))
                    .col(string(BanIntent::Jail))
                    .col(string(BanIntent::Ip))
                    .col(string(BanIntent::Origin))
                    .col(big_integer_null(BanIntent::SourceId))
                    .col(big_integer(BanIntent::CreatedAt))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "ix_ban_intent_jail_ip",
            BanIntent::Table,
            &[BanIntent::Jail, BanIntent::Ip],
            false,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(BanIntent::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone)]
enum BanIntent {
    Table,
    Id,
    Jail,
    Ip,
    Origin,
    SourceId,
    CreatedAt,
}
