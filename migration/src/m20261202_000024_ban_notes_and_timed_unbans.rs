//! Gives an archived ban the reason and the person BanGUI banned it for, and
//! creates `timed_unban`: bans BanGUI lifts itself at their own time, kept
//! across restarts.

use sea_orm_migration::{prelude::*, schema::*};

use crate::create_index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    atomic!();

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [BanHistory::Reason, BanHistory::BannedBy] {
            manager
                .alter_table(
                    Table::alter()
                        .table(BanHistory::Table)
                        .add_column(text_null(column))
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(TimedUnban::Table)
                    .col(big_pk_auto(TimedUnban::Id))
                    .col(string(TimedUnban::Jail))
                    .col(string(TimedUnban::Ip))
                    .col(big_integer(TimedUnban::DueAt))
                    .col(big_integer(TimedUnban::CreatedAt))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "ux_timed_unban_jail_ip",
            TimedUnban::Table,
            &[TimedUnban::Jail, TimedUnban::Ip],
            true,
        )
        .await?;
        create_index(
            manager,
            "ix_timed_unban_due_at",
            TimedUnban::Table,
            &[TimedUnban::DueAt],
            false,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(TimedUnban::Table).to_owned())
            .await?;
        for column in [BanHistory::Reason, BanHistory::BannedBy] {
            manager
                .alter_table(
                    Table::alter()
                        .table(BanHistory::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone)]
enum BanHistory {
    Table,
    Reason,
    BannedBy,
}

#[derive(DeriveIden, Clone)]
enum TimedUnban {
    Table,
    Id,
    Jail,
    Ip,
    DueAt,
    CreatedAt,
}
