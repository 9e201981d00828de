//! Adds to `import_run` the heartbeat a running import renews (a run whose
//! heartbeat stops was interrupted) and the preview a dry run leaves.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    atomic!();

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            big_integer_null(ImportRun::HeartbeatAt),
            text_null(ImportRun::Preview),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(ImportRun::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [ImportRun::HeartbeatAt, ImportRun::Preview] {
            manager
                .alter_table(
                    Table::alter()
                        .table(ImportRun::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum ImportRun {
    Table,
    HeartbeatAt,
    Preview,
}
