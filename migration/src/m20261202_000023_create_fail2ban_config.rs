//! Creates the tables behind the fail2ban configuration BanGUI owns:
//! `jail_config` (settings BanGUI sets on a jail, and the jails it created),
//! `ignore_entry` (addresses a jail, or every jail, ignores) and
//! `config_change` (every change of an owned file, with its diff).

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
                    .table(JailConfig::Table)
                    .col(big_pk_auto(JailConfig::Id))
                    .col(string(JailConfig::Host))
                    .col(string(JailConfig::Jail))
                    .col(boolean(JailConfig::Managed))
                    .col(boolean_null(JailConfig::Enabled))
                    .col(big_integer_null(JailConfig::BanTime))
                    .col(big_integer_null(JailConfig::FindTime))
                    .col(big_integer_null(JailConfig::MaxRetry))
                    .col(string_null(JailConfig::Filter))
                    .col(text_null(JailConfig::LogPaths))
                    .col(string_null(JailConfig::Port))
                    .col(string(JailConfig::UpdatedBy))
                    .col(big_integer(JailConfig::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "ux_jail_config_host_jail",
            JailConfig::Table,
            &[JailConfig::Host, JailConfig::Jail],
            true,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(IgnoreEntry::Table)
                    .col(big_pk_auto(IgnoreEntry::Id))
                    .col(string(IgnoreEntry::Host))
                    .col(string(IgnoreEntry::Section))
                    .col(string(IgnoreEntry::Network))
                    .col(string_null(IgnoreEntry::Comment))
                    .col(big_integer_null(IgnoreEntry::ExpiresAt))
                    .col(string_null(IgnoreEntry::AddedBy))
                    .col(big_integer(IgnoreEntry::AddedAt))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "ux_ignore_entry_host_section_network",
            IgnoreEntry::Table,
            &[
                IgnoreEntry::Host,
                IgnoreEntry::Section,
                IgnoreEntry::Network,
            ],
            true,
        )
        .await?;
        create_index(
            manager,
            "ix_ignore_entry_expires_at",
            IgnoreEntry::Table,
            &[IgnoreEntry::ExpiresAt],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(ConfigChange::Table)
                    .col(big_pk_auto(ConfigChange::Id))
                    .col(big_integer(ConfigChange::At))
                    .col(string(ConfigChange::Actor))
                    .col(string(ConfigChange::Host))
                    .col(string(ConfigChange::File))
                    .col(text(ConfigChange::Diff))
                    .col(boolean(ConfigChange::Applied))
                    .col(text_null(ConfigChange::Error))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ConfigChange::Table.into_iden(),
            IgnoreEntry::Table.into_iden(),
            JailConfig::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone)]
enum JailConfig {
    Table,
    Id,
    Host,
    Jail,
    Managed,
    Enabled,
    BanTime,
    FindTime,
    MaxRetry,
    Filter,
    LogPaths,
    Port,
    UpdatedBy,
    UpdatedAt,
}

#[derive(DeriveIden, Clone)]
enum IgnoreEntry {
    Table,
    Id,
    Host,
    Section,
    Network,
    Comment,
    ExpiresAt,
    AddedBy,
    AddedAt,
}

#[derive(DeriveIden, Clone)]
enum ConfigChange {
    Table,
    Id,
    At,
    Actor,
    Host,
    File,
    Diff,
    Applied,
    Error,
}
