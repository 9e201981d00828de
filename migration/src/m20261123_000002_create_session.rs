//! Creates `session`.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261123_000001_create_user::User;
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
                    .table(Session::Table)
                    .col(big_pk_auto(Session::Id))
                    .col(string_uniq(Session::TokenHash))
                    .col(big_integer(Session::UserId))
                    .col(big_integer(Session::CreatedAt))
                    .col(big_integer(Session::LastSeenAt))
                    .col(big_integer(Session::ExpiresAt))
                    .col(string_null(Session::ClientAddr))
                    .col(text_null(Session::UserAgent))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_session_user")
                            .from(Session::Table, Session::UserId)
                            .to(User::Table, User::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "ix_session_user_id",
            Session::Table,
            &[Session::UserId],
            false,
        )
        .await?;
        create_index(
            manager,
            "ix_session_expires_at",
            Session::Table,
            &[Session::ExpiresAt],
            false,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Session::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone)]
enum Session {
    Table,
    Id,
    TokenHash,
    UserId,
    CreatedAt,
    LastSeenAt,
    ExpiresAt,
    ClientAddr,
    UserAgent,
}
