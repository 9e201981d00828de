//! Creates `ban_history`, the ban archive, with the keys and indexes its queries use.

use sea_orm_migration::{prelude::*, schema::*};

use crate::create_index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    atomic!();

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use BanHistory::*;
        manager
            .create_table(
                TableCreateStatement::new()
                    .table(Table)
                    .col(big_pk_auto(Id))
                    .col(string_len(Kind, 8))
                    .col(string_len(Ip, 45))
                    .col(string_len(IpKey, 32))
                    .col(string(Jail))
                    .col(big_integer(At))
                    .col(big_integer(BannedAt))
                    .col(big_integer(BanTime))
                    .col(big_integer_null(ExpiresAt))
                    .col(integer(BanCount))
                    .col(string_len(Origin, 16))
                    .col(big_integer_null(SourceId))
                    .col(string_len_null(CountryCode, 2))
                    .col(big_integer_null(EndedAt))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "ux_ban_history_event",
            Table,
            &[Jail, Ip, BannedAt, Kind],
            true,
        )
        .await?;
        create_index(
            manager,
            "ix_ban_history_kind_banned_at",
            Table,
            &[Kind, BannedAt],
            false,
        )
        .await?;
        create_index(
            manager,
            "ix_ban_history_jail_banned_at",
            Table,
            &[Jail, BannedAt],
            false,
        )
        .await?;
        create_index(
            manager,
            "ix_ban_history_ip_banned_at",
            Table,
            &[Ip, BannedAt],
            false,
        )
        .await?;
        create_index(
            manager,
            "ix_ban_history_country_banned_at",
            Table,
            &[CountryCode, BannedAt],
            false,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(BanHistory::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone)]
enum BanHistory {
    Table,
    Id,
    Kind,
    Ip,
    IpKey,
    Jail,
    At,
    BannedAt,
    BanTime,
    ExpiresAt,
    BanCount,
    Origin,
    SourceId,
    CountryCode,
    EndedAt,
}
