//! The rollups of new bans are written per batch by the archive's writer
//! (`bangui_core::archive::record_bans`, the one code path that inserts ban
//! rows) instead of per row by triggers: a batch of thousands of bans then
//! costs a few grouped upserts on `ban_count_bucket`, `ban_host_bucket` and
//! `ban_ip_total`, not several statements per ban. Deletes and country
//! changes keep their triggers. `ix_ban_history_open` goes too: its columns
//! begin the open-ban indexes of later migrations, which serve every query it
//! served, and each index is one more write per ban.

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

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    atomic!();

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let postgres = manager.get_database_backend() == DatabaseBackend::Postgres;
        for name in INSERT_TRIGGERS {
            db.execute_unprepared(&if postgres {
                format!(
                    "DROP TRIGGER IF EXISTS {name} ON ban_history; DROP FUNCTION IF EXISTS {name}()"
                )
            } else {
                format!("DROP TRIGGER IF EXISTS {name}")
            })
            .await?;
        }
        db.execute_unprepared("DROP INDEX IF EXISTS ix_ban_history_open")
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let postgres = manager.get_database_backend() == DatabaseBackend::Postgres;
        db.execute_unprepared(
            "CREATE INDEX IF NOT EXISTS ix_ban_history_open ON ban_history (ended_at, kind)",
        )
        .await?;
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
