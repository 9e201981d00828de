//! Database connection and migrations; typed failures in `errors.rs`.
//!
//! SQLite is the embedded default (WAL, busy timeout, foreign keys, synchronous
//! NORMAL); PostgreSQL is chosen by the URL alone.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    SqliteTransactionMode, SqlxPostgresConnector, SqlxSqliteConnector, Statement,
    TransactionOptions, TransactionTrait,
};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use tracing::{info, warn};

mod busy;
mod errors;

use errors::classify_sqlx;
pub use errors::{DbError, DbResult, classify, is_busy, retry_busy};

/// How long SQLite waits on a lock before it reports busy (looking every
/// millisecond, `busy.rs`).
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// Pages SQLite keeps in memory for a connection that writes a batch of bans,
/// as `PRAGMA cache_size` (negative: KiB), and for every connection otherwise.
/// A batch touches pages all over the archive's indexes: with the default 2 MiB
/// it re-reads them from the kernel at every row, several times slower. Eight
/// connections each holding 64 MiB would be half a gigabyte, so the large cache
/// lasts only as long as the batch's transaction.
pub const SQLITE_BATCH_CACHE: &str = "PRAGMA cache_size = -65536";
/// SQLite's default cache (2 MiB), set again before the batch commits.
pub const SQLITE_CACHE: &str = "PRAGMA cache_size = -2000";
/// Key of the PostgreSQL advisory lock that serialises migrations across instances.
const MIGRATION_LOCK_KEY: i64 = 0x4241_4e47_5549; // "BANGUI"

/// Which database engine a connection talks to.
pub fn backend_name(db: &DatabaseConnection) -> &'static str {
    match db.get_database_backend() {
        DbBackend::Sqlite => "sqlite",
        DbBackend::Postgres => "postgres",
        _ => "other",
    }
}

/// Connects to `url`, creating an SQLite file and its directory when missing, and
/// checks that the database answers.
pub async fn connect(url: &str) -> DbResult<DatabaseConnection> {
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("sqlite:") {
        connect_sqlite(url).await
    } else if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
        connect_postgres(url).await
    } else {
        Err(DbError::InvalidUrl(
            "expected sqlite://PATH or postgres://USER@HOST/DATABASE".to_owned(),
        ))
    }
}

async fn connect_sqlite(url: &str) -> DbResult<DatabaseConnection> {
    let options =
        SqliteConnectOptions::from_str(url).map_err(|e| DbError::InvalidUrl(e.to_string()))?;
    let path = options.get_filename().to_owned();
    let in_memory = path.as_os_str().is_empty() || path.to_string_lossy().contains(":memory:");
    if !in_memory {
        prepare_sqlite_path(&path)?;
    }
    let options = options
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(SQLITE_BUSY_TIMEOUT);
    let pool = SqlitePoolOptions::new()
        .after_connect(|conn, _| Box::pin(busy::look_often(conn, SQLITE_BUSY_TIMEOUT)))
        .max_connections(if in_memory { 1 } else { 8 })
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options)
        .await
        .map_err(|e| classify_sqlx(&e, Some(&path)))?;
    let mut db = SqlxSqliteConnector::from_sqlx_sqlite_pool(pool);
    crate::statements::observe(&mut db);
    // A corrupt file can open fine and fail only on its first read.
    db.execute_unprepared("SELECT count(*) FROM sqlite_master")
        .await
        .map_err(|e| classify(&e, Some(&path)))?;
    Ok(db)
}

/// Checks an SQLite file path before anything is created, and creates its directory.
fn prepare_sqlite_path(path: &Path) -> DbResult<()> {
    let invalid = |reason: &str| DbError::InvalidPath {
        path: path.to_owned(),
        reason: reason.to_owned(),
    };
    if path.is_dir() {
        return Err(invalid("it is a directory"));
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => return Ok(()),
    };
    if parent.exists() {
        if !parent.is_dir() {
            return Err(invalid("its parent is not a directory"));
        }
        return Ok(());
    }
    // Refuse before creating anything when an ancestor is a file.
    if parent.ancestors().skip(1).any(Path::is_file) {
        return Err(invalid("a parent path is a file, not a directory"));
    }
    std::fs::create_dir_all(parent).map_err(|e| match e.kind() {
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
            DbError::PermissionDenied {
                path: path.to_owned(),
            }
        }
        _ => invalid(&format!("cannot create its directory: {e}")),
    })
}

async fn connect_postgres(url: &str) -> DbResult<DatabaseConnection> {
    let options =
        PgConnectOptions::from_str(url).map_err(|e| DbError::InvalidUrl(e.to_string()))?;
    let pool = PgPoolOptions::new()
        .max_connections(16)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options)
        .await
        .map_err(|e| classify_sqlx(&e, None))?;
    let mut db = SqlxPostgresConnector::from_sqlx_postgres_pool(pool);
    crate::statements::observe(&mut db);
    Ok(db)
}

/// Applies every pending migration. On PostgreSQL an advisory lock makes instances
/// that start together take turns.
pub async fn migrate(db: &DatabaseConnection) -> DbResult<()> {
    if db.get_database_backend() == DbBackend::Postgres {
        let pool = db.get_postgres_connection_pool();
        let mut lock = pool.acquire().await.map_err(|e| classify_sqlx(&e, None))?;
        sqlx::query("SELECT pg_advisory_lock($1)")
            .bind(MIGRATION_LOCK_KEY)
            .execute(&mut *lock)
            .await
            .map_err(|e| classify_sqlx(&e, None))?;
        let outcome = Migrator::up(db, None).await;
        let unlocked = sqlx::query("SELECT pg_advisory_unlock($1)")
            .bind(MIGRATION_LOCK_KEY)
            .execute(&mut *lock)
            .await;
        if let Err(e) = unlocked {
            warn!(error = %e, "could not release the migration lock; it ends with the connection");
        }
        outcome.map_err(migration_error)?;
    } else {
        Migrator::up(db, None).await.map_err(migration_error)?;
    }
    info!("database schema is up to date");
    refresh_statistics(db).await
}

/// Starts a transaction that writes. On SQLite it takes the write lock at once
/// (`BEGIN IMMEDIATE`), waiting behind other writers up to the busy timeout; a
/// deferred transaction that read first would instead fail at its first write
/// whenever another connection wrote in between.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}

/// Rows SQLite samples per index when it gathers statistics: enough for the
/// planner, fast on an archive of millions of bans.
const ANALYSIS_LIMIT: u32 = 1_000;

/// Gives SQLite's query planner statistics for the tables that have none or
/// have grown much since (`PRAGMA optimize`). Without them it can pick an index
/// that reads a whole time range where a few addresses were asked for.
/// PostgreSQL keeps its own (autovacuum).
pub async fn refresh_statistics(db: &DatabaseConnection) -> DbResult<()> {
    if db.get_database_backend() != DbBackend::Sqlite {
        return Ok(());
    }
    let pool = db.get_sqlite_connection_pool();
    let mut conn = pool.acquire().await.map_err(|e| classify_sqlx(&e, None))?;
    for pragma in [
        format!("PRAGMA analysis_limit = {ANALYSIS_LIMIT}"),
        "PRAGMA optimize = 0x10002".to_owned(),
    ] {
        sqlx::query(sqlx::AssertSqlSafe(pragma))
            .execute(&mut *conn)
            .await
            .map_err(|e| classify_sqlx(&e, None))?;
    }
    Ok(())
}

fn migration_error(e: DbErr) -> DbError {
    match classify(&e, None) {
        DbError::Query(inner) => DbError::Migration(inner.to_string()),
        other => other,
    }
}

/// The pool's connections: (open, idle).
pub fn pool_size(db: &DatabaseConnection) -> (u32, u32) {
    let idle = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    match db.get_database_backend() {
        DbBackend::Sqlite => {
            let pool = db.get_sqlite_connection_pool();
            (pool.size(), idle(pool.num_idle()))
        }
        DbBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            (pool.size(), idle(pool.num_idle()))
        }
        _ => (0, 0),
    }
}

/// Answers whether the database responds, for readiness checks.
pub async fn ping(db: &DatabaseConnection) -> bool {
    db.execute_raw(Statement::from_string(
        db.get_database_backend(),
        "SELECT 1",
    ))
    .await
    .is_ok()
}

/// Bytes free for BanGUI on the file system of the SQLite database `url`
/// names; `None` for PostgreSQL (its disk is the server's) or when unknown.
pub fn disk_free(url: &str) -> Option<u64> {
    let options = SqliteConnectOptions::from_str(url).ok()?;
    let file = options.get_filename();
    let dir = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let stat = rustix::fs::statvfs(dir).ok()?;
    Some(stat.f_bavail.saturating_mul(stat.f_frsize))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn sqlite_gets_wal_foreign_keys_and_normal_sync() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/nested/dir/b.db", dir.path().display());
        let db = connect(&url).await.unwrap();
        let row = |sql: &'static str| {
            let db = db.clone();
            async move {
                let rows = db
                    .query_one_raw(Statement::from_string(DbBackend::Sqlite, sql))
                    .await
                    .unwrap()
                    .unwrap();
                rows.try_get_by_index::<String>(0)
                    .or_else(|_| rows.try_get_by_index::<i64>(0).map(|n| n.to_string()))
                    .unwrap()
            }
        };
        assert_eq!(row("PRAGMA journal_mode").await, "wal");
        assert_eq!(row("PRAGMA foreign_keys").await, "1");
        assert_eq!(row("PRAGMA synchronous").await, "1");
        assert!(dir.path().join("nested/dir/b.db").is_file());
    }

    #[tokio::test]
    async fn a_writer_waits_for_the_lock_and_gets_it_when_freed() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/w.db", dir.path().display());
        let db = connect(&url).await.unwrap();
        db.execute_unprepared("CREATE TABLE t (n INTEGER)")
            .await
            .unwrap();
        let holder = begin_write(&db).await.unwrap();
        holder
            .execute_unprepared("INSERT INTO t VALUES (1)")
            .await
            .unwrap();
        let waiter = {
            let db = db.clone();
            tokio::spawn(async move { db.execute_unprepared("INSERT INTO t VALUES (2)").await })
        };
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(!waiter.is_finished(), "the second writer did not wait");
        holder.commit().await.unwrap();
        waiter.await.unwrap().unwrap();
        let count = db
            .query_one_raw(Statement::from_string(
                DbBackend::Sqlite,
                "SELECT count(*) FROM t",
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get_by_index::<i64>(0)
            .unwrap();
        assert_eq!(count, 2);
    }

    #[tokio::test]
    async fn a_file_in_the_way_is_an_invalid_path_and_creates_nothing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("file"), b"x").unwrap();
        let url = format!("sqlite://{}/file/sub/b.db", dir.path().display());
        let err = connect(&url).await.unwrap_err();
        assert!(matches!(err, DbError::InvalidPath { .. }), "{err}");
        assert_eq!(std::fs::read(dir.path().join("file")).unwrap(), b"x");
    }

    #[tokio::test]
    async fn a_corrupt_file_is_reported_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.db");
        let garbage = vec![0x5a_u8; 8192];
        std::fs::write(&path, &garbage).unwrap();
        let err = connect(&format!("sqlite://{}", path.display()))
            .await
            .unwrap_err();
        assert!(matches!(err, DbError::Corrupt { .. }), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), garbage);
    }

    #[tokio::test]
    async fn retry_busy_gives_up_with_a_typed_error() {
        let mut calls = 0;
        let err = retry_busy(|| {
            calls += 1;
            async {
                Err::<(), _>(DbErr::Exec(sea_orm::RuntimeErr::SqlxError(
                    std::sync::Arc::new(sqlx::Error::PoolTimedOut),
                )))
            }
        })
        .await
        .unwrap_err();
        assert_eq!(calls, 1);
        assert!(matches!(err, DbError::Unavailable { .. }), "{err}");
    }
}
