//! Gives a blocklist source the host whose fail2ban its addresses are banned
//! on; the sources made before are the local host's.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    atomic!();

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(BlocklistSource::Table)
                    .add_column(big_integer(BlocklistSource::HostId).default(0))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(BlocklistSource::Table)
                    .drop_column(BlocklistSource::HostId)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum BlocklistSource {
    Table,
    HostId,
}
