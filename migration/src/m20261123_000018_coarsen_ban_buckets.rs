//! Adds 32-day buckets to `ban_count_bucket`, so a count over months reads one row
//! per jail and country for every 32 days instead of one per day. 32 days is a
//! whole number of days and hours, so a range still splits into whole 32-day,
//! day and hour buckets and the rows at its edges.
//!
//! On SQLite the table is rebuilt clustered on its key (WITHOUT ROWID): a range
//! of buckets is read from the key's b-tree alone. On PostgreSQL an index that
//! carries the counts lets a range of buckets be read from the index alone.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend};

use crate::m20261123_000013_create_ban_rollups::{
    drop_triggers, postgres_triggers, sqlite_triggers,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// 32 days, in seconds.
const LONG_SPAN: i64 = 32 * 86_400;

/// The bucket spans kept from this migration on.
const SPANS: [i64; 3] = [3_600, 86_400, LONG_SPAN];

const REBUILD_SQLITE: [&str; 4] = [
    "CREATE TABLE ban_count_bucket_clustered (
       span INTEGER NOT NULL,
       start INTEGER NOT NULL,
       jail TEXT NOT NULL,
       country_code TEXT NOT NULL,
       bans INTEGER NOT NULL,
       PRIMARY KEY (span, start, jail, country_code)
     ) WITHOUT ROWID",
    "INSERT INTO ban_count_bucket_clustered (span, start, jail, country_code, bans)
     SELECT span, start, jail, country_code, bans FROM ban_count_bucket",
    "DROP TABLE ban_count_bucket",
    "ALTER TABLE ban_count_bucket_clustered RENAME TO ban_count_bucket",
];

const COVERING_POSTGRES: &str = "CREATE INDEX ix_ban_count_bucket_counts
  ON ban_count_bucket (span, start) INCLUDE (jail, country_code, bans)";

/// The 32-day buckets, summed from the day buckets.
fn backfill(span: i64) -> String {
    format!(
        "INSERT INTO ban_count_bucket (span, start, jail, country_code, bans)
         SELECT {span}, start - (start % {span}), jail, country_code, SUM(bans)
           FROM ban_count_bucket WHERE span = 86400
          GROUP BY start - (start % {span}), jail, country_code"
    )
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    atomic!();

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        drop_triggers(manager).await?;
        let postgres = manager.get_database_backend() == DatabaseBackend::Postgres;
        if postgres {
            db.execute_unprepared(COVERING_POSTGRES).await?;
        } else {
            for statement in REBUILD_SQLITE {
                db.execute_unprepared(statement).await?;
            }
        }
        db.execute_unprepared(&backfill(LONG_SPAN)).await?;
        let triggers = if postgres {
            postgres_triggers(&SPANS)
        } else {
            sqlite_triggers(&SPANS)
        };
        for statement in triggers {
            db.execute_unprepared(&statement).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        drop_triggers(manager).await?;
        db.execute_unprepared(&format!(
            "DELETE FROM ban_count_bucket WHERE span = {LONG_SPAN}"
        ))
        .await?;
        let previous = &SPANS[..2];
        let triggers = if manager.get_database_backend() == DatabaseBackend::Postgres {
            db.execute_unprepared("DROP INDEX IF EXISTS ix_ban_count_bucket_counts")
                .await?;
            postgres_triggers(previous)
        } else {
            sqlite_triggers(previous)
        };
        for statement in triggers {
            db.execute_unprepared(&statement).await?;
        }
        Ok(())
    }
}
