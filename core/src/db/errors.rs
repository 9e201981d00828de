//! Typed database failures: what went wrong with the file or the server, told
//! so an operator can act on it, and retries while SQLite is busy.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::Duration;

use sea_orm::{DbErr, RuntimeErr};
use tracing::warn;

/// How many times an operation that found the database busy is tried in all.
const BUSY_ATTEMPTS: u32 = 5;

/// A database failure, classified so the operator gets a clear message.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("invalid database URL: {0}")]
    InvalidUrl(String),
    #[error("invalid database path {path}: {reason}")]
    InvalidPath { path: PathBuf, reason: String },
    #[error("permission denied for database {path}")]
    PermissionDenied { path: PathBuf },
    #[error("database file {path} is corrupt or not an SQLite database")]
    Corrupt { path: PathBuf },
    #[error("the database is busy (locked by another writer) after {attempts} attempts")]
    Busy { attempts: u32 },
    #[error("the database is unavailable: {reason}")]
    Unavailable { reason: String },
    #[error("database migration failed: {0}")]
    Migration(String),
    #[error("database error: {0}")]
    Query(#[from] DbErr),
}

/// Result alias of this module.
pub type DbResult<T> = Result<T, DbError>;

/// Runs `op`, trying again with growing pauses while the database reports busy.
pub async fn retry_busy<T, F, Fut>(mut op: F) -> DbResult<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, DbErr>>,
{
    let mut delay = Duration::from_millis(20);
    for attempt in 1..=BUSY_ATTEMPTS {
        match op().await {
            Ok(value) => return Ok(value),
            Err(e) if is_busy(&e) && attempt < BUSY_ATTEMPTS => {
                warn!(
                    attempt,
                    delay_ms = delay.as_millis() as u64,
                    "database busy, retrying"
                );
                tokio::time::sleep(delay).await;
                delay *= 2;
            }
            Err(e) => {
                return Err(match classify(&e, None) {
                    DbError::Busy { .. } => DbError::Busy { attempts: attempt },
                    other => other,
                });
            }
        }
    }
    Err(DbError::Busy {
        attempts: BUSY_ATTEMPTS,
    })
}

/// Whether an error means another writer holds the lock.
pub fn is_busy(e: &DbErr) -> bool {
    matches!(classify(e, None), DbError::Busy { .. })
}

fn sqlx_error(e: &DbErr) -> Option<&sqlx::Error> {
    match e {
        DbErr::Conn(RuntimeErr::SqlxError(inner))
        | DbErr::Exec(RuntimeErr::SqlxError(inner))
        | DbErr::Query(RuntimeErr::SqlxError(inner)) => Some(inner.as_ref()),
        _ => None,
    }
}

/// Classifies a SeaORM error; `path` names the SQLite file when known.
pub fn classify(e: &DbErr, path: Option<&Path>) -> DbError {
    match e {
        DbErr::ConnectionAcquire(inner) => DbError::Unavailable {
            reason: inner.to_string(),
        },
        _ => match sqlx_error(e) {
            Some(inner) => match classify_sqlx(inner, path) {
                DbError::Query(_) => DbError::Query(e.clone()),
                other => other,
            },
            None => DbError::Query(e.clone()),
        },
    }
}

/// Classifies an sqlx error by SQLite result code or PostgreSQL failure.
pub(super) fn classify_sqlx(e: &sqlx::Error, path: Option<&Path>) -> DbError {
    let file = || path.map(Path::to_owned).unwrap_or_default();
    match e {
        sqlx::Error::Database(db) => {
            let code = db.code().unwrap_or_default();
            // SQLite reports extended result codes; the low byte is the primary code.
            if let Ok(n) = code.parse::<i32>() {
                return match n & 0xff {
                    5 | 6 => DbError::Busy { attempts: 1 },
                    3 | 8 | 23 => DbError::PermissionDenied { path: file() },
                    11 | 26 => DbError::Corrupt { path: file() },
                    14 => DbError::InvalidPath {
                        path: file(),
                        reason: "unable to open the database file".to_owned(),
                    },
                    _ => DbError::Query(DbErr::Custom(db.message().to_owned())),
                };
            }
            match code.as_ref() {
                // PostgreSQL: lock_not_available, deadlock_detected, serialization_failure.
                "55P03" | "40P01" | "40001" => DbError::Busy { attempts: 1 },
                // Connection exceptions, authentication, unknown database, shutdown.
                c if c.starts_with("08")
                    || c.starts_with("28")
                    || c == "3D000"
                    || c.starts_with("57P") =>
                {
                    DbError::Unavailable {
                        reason: db.message().to_owned(),
                    }
                }
                _ => DbError::Query(DbErr::Custom(db.message().to_owned())),
            }
        }
        sqlx::Error::Io(io) if io.kind() == std::io::ErrorKind::PermissionDenied => {
            DbError::PermissionDenied { path: file() }
        }
        sqlx::Error::Io(io) => DbError::Unavailable {
            reason: io.to_string(),
        },
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Tls(_) => {
            DbError::Unavailable {
                reason: e.to_string(),
            }
        }
        sqlx::Error::Configuration(inner) => DbError::InvalidUrl(inner.to_string()),
        other => DbError::Query(DbErr::Custom(other.to_string())),
    }
}
