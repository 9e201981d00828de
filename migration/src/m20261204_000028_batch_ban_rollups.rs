//! The rollups of new bans are written per batch by the archive's writer
//! (`bangui_core::archive::record_bans`, the one code path that inserts ban
//! rows) instead of per row by triggers: a batch of thousands of bans then
//! costs a few grouped upserts on `ban_count_bucket`, `ban_host_bucket` and
//! `ban_ip_total`, not several statements per ban. Deletes and country
//! changes keep their triggers.
//!
//! Two indexes go, since each is one more write per ban: `ix_ban_history_open`,
//! whose columns begin the open-ban indexes of later migrations, and
//! `ix_ban_history_ip_banned_at`, whose address column begins
//! `ix_ban_history_ip_counts` (address, kind, time), which serves its queries.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend};

use crate::BUCKET_SPANS;
use crate::m20261123_000013_create_ban_rollups::{
    drop_triggers, postgres_triggers, sqlite_triggers,
};
use crate::m20261203_000026_create_ban_host_buckets as host_buckets;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The per-row insert triggers this migration removes.
const INSERT_TRIGGERS: [&str; 2] = ["ban_history_rollup_insert", "ban_history_host_insert"];

/// The indexes this migration removes, with their columns.
const DROPPED_INDEXES: [(&str, &str); 2] = [
    ("ix_ban_history_open", "ended_at, kind"),
    ("ix_ban_history_ip_banned_at", "ip, banned_at"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    atomic!();

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        crate::drop_ban_history_triggers(manager, &INSERT_TRIGGERS).await?;
        for index in DROPPED_INDEXES {
            db.execute_unprepared(&format!("DROP INDEX IF EXISTS {}", index.0))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let postgres = manager.get_database_backend() == DatabaseBackend::Postgres;
        for (name, columns) in DROPPED_INDEXES {
            db.execute_unprepared(&format!(
                "CREATE INDEX IF NOT EXISTS {name} ON ban_history ({columns})"
            ))
            .await?;
        }
        // The rollup triggers come back as a set; the host ones only the
        // insert trigger is missing.
        drop_triggers(manager).await?;
        let mut statements = if postgres {
            postgres_triggers(&BUCKET_SPANS)
        } else {
            sqlite_triggers(&BUCKET_SPANS)
        };
        statements.extend(host_buckets::insert_trigger(postgres));
        for statement in statements {
            db.execute_unprepared(&statement).await?;
        }
        Ok(())
    }
}
