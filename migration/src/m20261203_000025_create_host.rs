//! Creates `host`: every fail2ban BanGUI manages, the local one (id 0) and one
//! per `bangui agent`, and gives each archived event the host it happened on.
//! Existing events were all on the local host. A removed host keeps its row
//! (its archived events still name it) without a token. `host.instance` names
//! the hub instance an agent is connected to, and `agent_relay` carries
//! requests and answers between instances (PostgreSQL) for the agents of
//! another instance. A ban's own length (`timed_unban`) is kept per host too. The archive's unique event key
//! gains the host, so the same ban on two hosts is two events.

use sea_orm_migration::{prelude::*, schema::*};

use crate::create_index;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The local host's id; `ban_history.host_id` defaults to it.
const LOCAL_HOST_ID: i64 = 0;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    atomic!();

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Host::Table)
                    .col(big_pk_auto(Host::Id))
                    .col(string_uniq(Host::Name))
                    .col(boolean(Host::Local).default(false))
                    .col(string_null(Host::TokenHash).unique_key())
                    .col(big_integer_null(Host::TokenCreatedAt))
                    .col(big_integer(Host::CreatedAt))
                    .col(big_integer_null(Host::LastSeenAt))
                    .col(string_null(Host::AgentVersion))
                    .col(string_null(Host::Fail2banVersion))
                    .col(text_null(Host::Refusal))
                    .col(big_integer_null(Host::RemovedAt))
                    .col(string_null(Host::Instance))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AgentRelay::Table)
                    .col(big_pk_auto(AgentRelay::Id))
                    .col(string(AgentRelay::ToInstance))
                    .col(text(AgentRelay::Body))
                    .col(big_integer(AgentRelay::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(Host::Table)
                    .columns([Host::Id, Host::Name, Host::Local, Host::CreatedAt])
                    .values([
                        LOCAL_HOST_ID.into(),
                        "local".into(),
                        true.into(),
                        0i64.into(),
                    ])
                    .map_err(|e| DbErr::Migration(e.to_string()))?
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(BanHistory::Table)
                    .add_column(big_integer(BanHistory::HostId).default(LOCAL_HOST_ID))
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("ux_ban_history_event")
                    .table(BanHistory::Table)
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "ux_ban_history_event",
            BanHistory::Table,
            &[
                BanHistory::Jail,
                BanHistory::Ip,
                BanHistory::BannedAt,
                BanHistory::Kind,
                BanHistory::HostId,
            ],
            true,
        )
        .await?;
        create_index(
            manager,
            "ix_ban_history_host_id",
            BanHistory::Table,
            &[BanHistory::HostId, BanHistory::Id],
            false,
        )
        .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(TimedUnban::Table)
                    .add_column(big_integer(TimedUnban::HostId).default(LOCAL_HOST_ID))
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("ux_timed_unban_jail_ip")
                    .table(TimedUnban::Table)
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "ux_timed_unban_host_jail_ip",
            TimedUnban::Table,
            &[TimedUnban::HostId, TimedUnban::Jail, TimedUnban::Ip],
            true,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ux_timed_unban_host_jail_ip")
                    .table(TimedUnban::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(TimedUnban::Table)
                    .drop_column(TimedUnban::HostId)
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
        for name in ["ix_ban_history_host_id", "ux_ban_history_event"] {
            manager
                .drop_index(Index::drop().name(name).table(BanHistory::Table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(BanHistory::Table)
                    .drop_column(BanHistory::HostId)
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "ux_ban_history_event",
            BanHistory::Table,
            &[
                BanHistory::Jail,
                BanHistory::Ip,
                BanHistory::BannedAt,
                BanHistory::Kind,
            ],
            true,
        )
        .await?;
        manager
            .drop_table(Table::drop().table(AgentRelay::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Host::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Host {
    Table,
    Id,
    Name,
    Local,
    TokenHash,
    TokenCreatedAt,
    CreatedAt,
    LastSeenAt,
    AgentVersion,
    Fail2banVersion,
    Refusal,
    RemovedAt,
    Instance,
}

#[derive(DeriveIden)]
enum AgentRelay {
    Table,
    Id,
    ToInstance,
    Body,
    CreatedAt,
}

#[derive(Clone, DeriveIden)]
enum TimedUnban {
    Table,
    HostId,
    Jail,
    Ip,
}

#[derive(Clone, DeriveIden)]
enum BanHistory {
    Table,
    Id,
    HostId,
    Jail,
    Ip,
    BannedAt,
    Kind,
}
