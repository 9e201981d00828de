//! Creates `api_token`.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261123_000001_create_user::User;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    atomic!();

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ApiToken::Table)
                    .col(big_pk_auto(ApiToken::Id))
                    .col(string_uniq(ApiToken::TokenHash))
                    .col(string(ApiToken::Name))
                    .col(string(ApiToken::Role))
                    .col(big_integer_null(ApiToken::CreatedBy))
                    .col(big_integer(ApiToken::CreatedAt))
                    .col(big_integer_null(ApiToken::ExpiresAt))
                    .col(big_integer_null(ApiToken::LastUsedAt))
                    .col(big_integer_null(ApiToken::RevokedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_api_token_created_by")
                            .from(ApiToken::Table, ApiToken::CreatedBy)
                            .to(User::Table, User::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ApiToken::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ApiToken {
    Table,
    Id,
    TokenHash,
    Name,
    Role,
    CreatedBy,
    CreatedAt,
    ExpiresAt,
    LastUsedAt,
    RevokedAt,
}
