//! Creates `blocklist_ip`, the addresses each blocklist source contained.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261123_000007_create_blocklist_source::BlocklistSource;
use crate::create_index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    atomic!();

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use BlocklistIp::*;
        manager
            .create_table(
                TableCreateStatement::new()
                    .table(Table)
                    .col(big_integer(SourceId))
                    .col(string_len(Ip, 45))
                    .col(big_integer(FirstSeenAt))
                    .col(big_integer(LastSeenAt))
                    .primary_key(Index::create().col(SourceId).col(Ip))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_blocklist_ip_source")
                            .from(Table, SourceId)
                            .to(BlocklistSource::Table, BlocklistSource::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(manager, "ix_blocklist_ip_ip", Table, &[Ip], false).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(BlocklistIp::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone)]
enum BlocklistIp {
    Table,
    SourceId,
    Ip,
    FirstSeenAt,
    LastSeenAt,
}
