//! On PostgreSQL, makes `ban_history` ids appear in commit order and announces new
//! rows on the channel `bangui_events`.
//!
//! Instances follow the archive by id. With concurrent writers a sequence hands out
//! ids in call order, not commit order: a tailer could read id 101 while 100 is
//! still uncommitted, move past it and never deliver it. A statement-level lock
//! taken before any row gets its id, held to commit, serialises the writers (each
//! writes a batch per statement, so they wait milliseconds). The notification
//! wakes every instance's tailer at commit instead of at its next poll.
//!
//! SQLite has one writer at a time already and no notifications: nothing to do.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend};

use crate::ARCHIVE_LOCK_KEY;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    atomic!();

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DatabaseBackend::Postgres {
            return Ok(());
        }
        let db = manager.get_connection();
        for statement in [
            format!(
                "CREATE FUNCTION ban_history_write_lock() RETURNS trigger LANGUAGE plpgsql AS $$
                 BEGIN PERFORM pg_advisory_xact_lock({ARCHIVE_LOCK_KEY}); RETURN NULL; END $$"
            ),
            "CREATE FUNCTION ban_history_announce() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN PERFORM pg_notify('bangui_events', ''); RETURN NULL; END $$"
                .to_owned(),
            "CREATE TRIGGER ban_history_write_lock BEFORE INSERT ON ban_history
             FOR EACH STATEMENT EXECUTE FUNCTION ban_history_write_lock()"
                .to_owned(),
            "CREATE TRIGGER ban_history_announce AFTER INSERT ON ban_history
             FOR EACH STATEMENT EXECUTE FUNCTION ban_history_announce()"
                .to_owned(),
        ] {
            db.execute_unprepared(&statement).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DatabaseBackend::Postgres {
            return Ok(());
        }
        manager
            .get_connection()
            .execute_unprepared(
                "DROP TRIGGER IF EXISTS ban_history_announce ON ban_history;
                 DROP TRIGGER IF EXISTS ban_history_write_lock ON ban_history;
                 DROP FUNCTION IF EXISTS ban_history_announce();
                 DROP FUNCTION IF EXISTS ban_history_write_lock();",
            )
            .await?;
        Ok(())
    }
}
