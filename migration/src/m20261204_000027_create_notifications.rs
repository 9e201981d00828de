//! Creates the tables behind notifications: `notification_channel` (where
//! messages go: a URL or an e-mail address, and a secret never shown again),
//! `notification_rule` (what to tell, its filters, and the channels it uses,
//! in `notification_rule_channel`), `delivery` (each message, its status and
//! attempts; `key` makes one per event or window however many instances see
//! it) and `notify_cursor` (the last archived event a rule has told each
//! channel about).

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
                    .table(NotificationChannel::Table)
                    .col(big_pk_auto(NotificationChannel::Id))
                    .col(string_uniq(NotificationChannel::Name))
                    .col(string(NotificationChannel::Kind))
                    .col(text(NotificationChannel::Target))
                    .col(text_null(NotificationChannel::Secret))
                    .col(boolean(NotificationChannel::Enabled))
                    .col(big_integer(NotificationChannel::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(NotificationRule::Table)
                    .col(big_pk_auto(NotificationRule::Id))
                    .col(string_uniq(NotificationRule::Name))
                    .col(string(NotificationRule::Trigger))
                    .col(text(NotificationRule::Jails))
                    .col(text(NotificationRule::Countries))
                    .col(text(NotificationRule::Origins))
                    .col(text(NotificationRule::Hosts))
                    .col(big_integer_null(NotificationRule::Threshold))
                    .col(big_integer_null(NotificationRule::WindowMinutes))
                    .col(string_null(NotificationRule::Period))
                    .col(boolean(NotificationRule::Enabled))
                    .col(big_integer(NotificationRule::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(NotificationRuleChannel::Table)
                    .col(big_integer(NotificationRuleChannel::RuleId))
                    .col(big_integer(NotificationRuleChannel::ChannelId))
                    .primary_key(
                        Index::create()
                            .col(NotificationRuleChannel::RuleId)
                            .col(NotificationRuleChannel::ChannelId),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Delivery::Table)
                    .col(big_pk_auto(Delivery::Id))
                    .col(string_uniq(Delivery::Key))
                    .col(big_integer(Delivery::ChannelId))
                    .col(big_integer_null(Delivery::RuleId))
                    .col(string(Delivery::Trigger))
                    .col(string(Delivery::Status))
                    .col(big_integer(Delivery::Attempts).default(0))
                    .col(big_integer(Delivery::CreatedAt))
                    .col(big_integer(Delivery::DueAt))
                    .col(big_integer_null(Delivery::LeaseUntil))
                    .col(big_integer_null(Delivery::DeliveredAt))
                    .col(text_null(Delivery::Error))
                    .col(text_null(Delivery::Message))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "ix_delivery_status_id",
            Delivery::Table,
            &[Delivery::Status, Delivery::Id],
            false,
        )
        .await?;
        create_index(
            manager,
            "ix_delivery_created_at",
            Delivery::Table,
            &[Delivery::CreatedAt],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(NotifyCursor::Table)
                    .col(big_integer(NotifyCursor::RuleId))
                    .col(big_integer(NotifyCursor::ChannelId))
                    .col(big_integer(NotifyCursor::LastEventId))
                    .primary_key(
                        Index::create()
                            .col(NotifyCursor::RuleId)
                            .col(NotifyCursor::ChannelId),
                    )
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            NotifyCursor::Table.into_iden(),
            Delivery::Table.into_iden(),
            NotificationRuleChannel::Table.into_iden(),
            NotificationRule::Table.into_iden(),
            NotificationChannel::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone)]
enum NotificationChannel {
    Table,
    Id,
    Name,
    Kind,
    Target,
    Secret,
    Enabled,
    CreatedAt,
}

#[derive(DeriveIden, Clone)]
enum NotificationRule {
    Table,
    Id,
    Name,
    Trigger,
    Jails,
    Countries,
    Origins,
    Hosts,
    Threshold,
    WindowMinutes,
    Period,
    Enabled,
    CreatedAt,
}

#[derive(DeriveIden, Clone)]
enum NotificationRuleChannel {
    Table,
    RuleId,
    ChannelId,
}

#[derive(DeriveIden, Clone)]
enum Delivery {
    Table,
    Id,
    Key,
    ChannelId,
    RuleId,
    Trigger,
    Status,
    Attempts,
    CreatedAt,
    DueAt,
    LeaseUntil,
    DeliveredAt,
    Error,
    Message,
}

#[derive(DeriveIden, Clone)]
enum NotifyCursor {
    Table,
    RuleId,
    ChannelId,
    LastEventId,
}
