//! Archive retention (`BANGUI_ARCHIVE_RETENTION_DAYS`): bans that started
//! before the retention and are over go, with their unbans, in bounded
//! batches, each its own transaction, so another writer waits one batch at
//! most. The rollups' delete triggers keep every pre-aggregated figure exact
//! for what remains. A ban still in force stays, however old: fail2ban holds
//! it, and the archive would lose what it knows of it.

use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};

use crate::db::retry_busy;
use crate::error::ServiceResult;

/// Rows removed per transaction.
pub const RETENTION_BATCH: u64 = 5_000;

/// The oldest rows past `before` (Unix seconds) that may go, `$3` of them.
const DELETE: &str = "DELETE FROM ban_history WHERE id IN (
   SELECT id FROM ban_history
    WHERE banned_at < $1
      AND (kind <> 'BAN' OR ended_at IS NOT NULL OR expires_at <= $2)
    ORDER BY banned_at, id LIMIT $3)";

/// Removes up to `most` rows of bans that started before `before` and are
/// over (lifted, or expired by `now`), oldest first; returns how many went.
pub async fn prune_before(
    db: &DatabaseConnection,
    before: i64,
    now: i64,
    most: u64,
) -> ServiceResult<u64> {
    let backend = db.get_database_backend();
    let sql = match backend {
        sea_orm::DbBackend::Postgres => DELETE.to_owned(),
        _ => DELETE.replace('$', "?"),
    };
    let mut removed = 0;
    while removed < most {
        let batch = RETENTION_BATCH.min(most - removed);
        let limit = i64::try_from(batch).unwrap_or(i64::MAX);
        let done = retry_busy(|| {
            db.execute_raw(Statement::from_sql_and_values(
                backend,
                sql.as_str(),
                [before.into(), now.into(), limit.into()],
            ))
        })
        .await?
        .rows_affected();
        removed += done;
        if done < batch {
            break;
        }
    }
    Ok(removed)
}
