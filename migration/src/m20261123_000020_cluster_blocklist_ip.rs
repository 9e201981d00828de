//! Rebuilds `blocklist_ip` on SQLite clustered on its key (WITHOUT ROWID): an
//! address a list brings is written to the key's b-tree and the address index
//! only, not to a third b-tree of row ids. PostgreSQL keeps its table as it is.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

const REBUILD: [&str; 5] = [
    "CREATE TABLE blocklist_ip_clustered (
       source_id INTEGER NOT NULL REFERENCES blocklist_source (id) ON DELETE CASCADE,
       ip TEXT NOT NULL,
       first_seen_at INTEGER NOT NULL,
       last_seen_at INTEGER NOT NULL,
       PRIMARY KEY (source_id, ip)
     ) WITHOUT ROWID",
    "INSERT INTO blocklist_ip_clustered (source_id, ip, first_seen_at, last_seen_at)
     SELECT source_id, ip, first_seen_at, last_seen_at FROM blocklist_ip",
    "DROP TABLE blocklist_ip",
    "ALTER TABLE blocklist_ip_clustered RENAME TO blocklist_ip",
    "CREATE INDEX ix_blocklist_ip_ip ON blocklist_ip (ip)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    atomic!();

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            return Ok(());
        }
        let db = manager.get_connection();
        for statement in REBUILD {
            db.execute_unprepared(statement).await?;
        }
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        // The clustered table holds the same columns and keys: nothing to undo.
        Ok(())
    }
}
