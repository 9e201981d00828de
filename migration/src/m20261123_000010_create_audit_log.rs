//! Creates `audit_log`.

use sea_orm_migration::{prelude::*, schema::*};

use crate::create_index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    atomic!();

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use AuditLog::*;
        manager
            .create_table(
                TableCreateStatement::new()
                    .table(Table)
                    .col(big_pk_auto(Id))
                    .col(big_integer(At))
                    .col(string(Actor))
                    .col(string(Action))
                    .col(text_null(Target))
                    .col(string(Outcome))
                    .col(text_null(Details))
                    .to_owned(),
            )
            .await?;
        create_index(manager, "ix_audit_log_at", Table, &[At], false).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AuditLog::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone)]
enum AuditLog {
    Table,
    Id,
    At,
    Actor,
    Action,
    Target,
    Outcome,
    Details,
}
