//! The agent's own queue (`BANGUI_AGENT_STATE`, SQLite): the bans read from
//! fail2ban's database and not yet acknowledged by the hub, and how far
//! fail2ban's `bans` table has been read. Reading a batch and queueing it is
//! one transaction, so a killed agent neither skips nor repeats a row.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use bangui_fail2ban::db::BanRow;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};

use crate::protocol::QueuedBan;

/// Failures of the agent's queue.
#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    #[error("the agent's state {path} cannot be opened: {source}")]
    Open {
        path: String,
        #[source]
        source: sqlx::Error,
    },
    #[error("the agent's state cannot be read or written: {0}")]
    Sql(#[from] sqlx::Error),
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS queued_ban (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    jail TEXT NOT NULL,
    ip TEXT NOT NULL,
    time_of_ban INTEGER NOT NULL,
    ban_time INTEGER NOT NULL,
    ban_count INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS cursor (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);";

/// The name of fail2ban's `bans` cursor.
const BANS: &str = "fail2ban_bans";

/// The agent's queue.
#[derive(Clone)]
pub struct Queue {
    pool: SqlitePool,
}

impl Queue {
    /// Opens (creating when missing) the queue at `path`.
    pub async fn open(path: &Path) -> Result<Queue, QueueError> {
        let open_error = |source| QueueError::Open {
            path: path.display().to_string(),
            source,
        };
        let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))
            .map_err(open_error)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await
            .map_err(open_error)?;
        sqlx::raw_sql(SCHEMA).execute(&pool).await?;
        Ok(Queue { pool })
    }

    /// The rowid of the last fail2ban row queued.
    pub async fn cursor(&self) -> Result<i64, QueueError> {
        let value: Option<i64> = sqlx::query_scalar("SELECT value FROM cursor WHERE name = ?")
            .bind(BANS)
            .fetch_optional(&self.pool)
            .await?;
        Ok(value.unwrap_or(0))
    }

    /// Queues fail2ban's rows and moves the cursor to `cursor`, at once.
    pub async fn push(&self, rows: &[BanRow], cursor: i64) -> Result<(), QueueError> {
        let mut txn = self.pool.begin().await?;
        for row in rows {
            sqlx::query(
                "INSERT INTO queued_ban (jail, ip, time_of_ban, ban_time, ban_count) \
                 VALUES (?, ?, ?, ?, ?)",
            )
            .bind(&row.jail)
            .bind(&row.ip)
            .bind(row.time_of_ban)
            .bind(row.ban_time)
            .bind(row.ban_count)
            .execute(&mut *txn)
            .await?;
        }
        sqlx::query(
            "INSERT INTO cursor (name, value) VALUES (?, ?) \
             ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        )
        .bind(BANS)
        .bind(cursor)
        .execute(&mut *txn)
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// The oldest queued bans after `after`, at most `limit`.
    pub async fn peek(&self, after: i64, limit: u32) -> Result<Vec<QueuedBan>, QueueError> {
        let rows: Vec<(i64, String, String, i64, i64, i64)> = sqlx::query_as(
            "SELECT seq, jail, ip, time_of_ban, ban_time, ban_count FROM queued_ban \
             WHERE seq > ? ORDER BY seq LIMIT ?",
        )
        .bind(after)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(seq, jail, ip, time_of_ban, ban_time, ban_count)| QueuedBan {
                    seq,
                    jail,
                    ip,
                    time_of_ban,
                    ban_time,
                    ban_count,
                },
            )
            .collect())
    }

    /// Forgets every queued ban up to `upto`, which the hub has archived.
    pub async fn ack(&self, upto: i64) -> Result<u64, QueueError> {
        let done = sqlx::query("DELETE FROM queued_ban WHERE seq <= ?")
            .bind(upto)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    /// How many bans wait for the hub.
    pub async fn waiting(&self) -> Result<i64, QueueError> {
        Ok(sqlx::query_scalar("SELECT count(*) FROM queued_ban")
            .fetch_one(&self.pool)
            .await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(rowid: i64, ip: &str) -> BanRow {
        BanRow {
            rowid,
            jail: "sshd".into(),
            ip: ip.into(),
            time_of_ban: 1_000 + rowid,
            ban_time: 600,
            ban_count: 1,
            data: None,
        }
    }

    #[tokio::test]
    async fn bans_wait_until_acknowledged_and_survive_a_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("agent.sqlite");
        let queue = Queue::open(&path).await.unwrap();
        assert_eq!(queue.cursor().await.unwrap(), 0);
        queue
            .push(&[row(4, "192.0.2.4"), row(9, "192.0.2.9")], 9)
            .await
            .unwrap();
        let queued = queue.peek(0, 10).await.unwrap();
        assert_eq!(
            queued
                .iter()
                .map(|b| (b.seq, b.ip.as_str()))
                .collect::<Vec<_>>(),
            [(1, "192.0.2.4"), (2, "192.0.2.9")]
        );
        assert_eq!(queue.ack(1).await.unwrap(), 1);
        drop(queue);
        let queue = Queue::open(&path).await.unwrap();
        assert_eq!(queue.cursor().await.unwrap(), 9);
        assert_eq!(queue.waiting().await.unwrap(), 1);
        let left = queue.peek(0, 10).await.unwrap();
        assert_eq!(left.len(), 1);
        assert_eq!((left[0].seq, left[0].time_of_ban), (2, 1_009));
        queue.push(&[row(10, "192.0.2.10")], 10).await.unwrap();
        assert_eq!(queue.peek(2, 10).await.unwrap()[0].seq, 3);
    }
}
