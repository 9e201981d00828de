//! A read-only reader for fail2ban's own SQLite database, safe while fail2ban
//! writes to it: opened read-only, waiting on fail2ban's locks, reading
//! incrementally by rowid.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::Deserialize;
use sqlx::Row;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};

/// Failures reading fail2ban's database.
#[derive(Debug, thiserror::Error)]
pub enum Fail2banDbError {
    #[error("fail2ban's database {path} cannot be opened: {reason}")]
    Open { path: PathBuf, reason: String },
    #[error("reading fail2ban's database failed: {0}")]
    Read(#[from] sqlx::Error),
    /// The database is on another host whose agent is not connected.
    #[error("host {host:?} is not connected")]
    HostUnavailable { host: String },
    /// The database is on another host, which could not read it or could
    /// not be asked.
    #[error("fail2ban's database on host {host:?} cannot be read: {reason}")]
    Remote { host: String, reason: String },
}

/// What BanGUI reads of a fail2ban's database, wherever that database is: this
/// machine's ([`Fail2banDb`]) or an agent's.
#[async_trait::async_trait]
pub trait BanReads: Send + Sync {
    /// Whether fail2ban may have written to its database since the last call.
    async fn changed(&self) -> Result<bool, Fail2banDbError>;
    /// How many bans are in force at `now` in each jail.
    async fn count_current(&self, now: i64) -> Result<HashMap<String, u64>, Fail2banDbError>;
    /// Bans in force at `now`, optionally of one jail, newest first.
    async fn current_bans(
        &self,
        jail: Option<&str>,
        now: i64,
    ) -> Result<Vec<BanRow>, Fail2banDbError>;
    /// Which of `ips` are banned in `jail` at `now`.
    async fn banned_among(
        &self,
        jail: &str,
        ips: &[String],
        now: i64,
    ) -> Result<HashSet<String>, Fail2banDbError>;
}

#[async_trait::async_trait]
impl BanReads for Fail2banDb {
    async fn changed(&self) -> Result<bool, Fail2banDbError> {
        Fail2banDb::changed(self).await
    }

    async fn count_current(&self, now: i64) -> Result<HashMap<String, u64>, Fail2banDbError> {
        Fail2banDb::count_current(self, now).await
    }

    async fn current_bans(
        &self,
        jail: Option<&str>,
        now: i64,
    ) -> Result<Vec<BanRow>, Fail2banDbError> {
        Fail2banDb::current_bans(self, jail, now).await
    }

    async fn banned_among(
        &self,
        jail: &str,
        ips: &[String],
        now: i64,
    ) -> Result<HashSet<String>, Fail2banDbError> {
        Fail2banDb::banned_among(self, jail, ips, now).await
    }
}

/// One row of fail2ban's `bans` table (every ban ever made, until purged).
#[derive(Clone, Debug, PartialEq, serde::Serialize, Deserialize)]
pub struct BanRow {
    pub rowid: i64,
    pub jail: String,
    pub ip: String,
    /// Unix seconds.
    pub time_of_ban: i64,
    /// Seconds; -1 when permanent.
    pub ban_time: i64,
    pub ban_count: i64,
    pub data: Option<BanData>,
}

/// The `data` JSON fail2ban stores with a ban.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, Deserialize)]
pub struct BanData {
    /// Log lines that matched.
    #[serde(default)]
    pub matches: Vec<String>,
    /// How many failures led to the ban.
    #[serde(default)]
    pub failures: Option<i64>,
}

/// Reader of fail2ban's database.
#[derive(Clone)]
pub struct Fail2banDb {
    pool: SqlitePool,
    /// One connection kept open to ask SQLite whether another connection
    /// (fail2ban) committed since the last look.
    watch: SqlitePool,
    /// Bumped whenever the watch connection is (re)made: SQLite's data version
    /// is only comparable on one connection.
    generation: Arc<AtomicU64>,
    /// What the last look saw: (generation, data version).
    seen: Arc<Mutex<Option<(u64, i64)>>>,
}

impl Fail2banDb {
    /// Opens `path` read-only. Connections are made lazily, so a database that
    /// does not exist yet is reported on first read.
    pub fn open(path: &Path) -> Result<Fail2banDb, Fail2banDbError> {
        let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))
            .map_err(|e| Fail2banDbError::Open {
                path: path.to_owned(),
                reason: e.to_string(),
            })?
            .read_only(true)
            .create_if_missing(false)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(2)
            .min_connections(0)
            .idle_timeout(Duration::from_secs(60))
            .connect_lazy_with(options.clone());
        let generation = Arc::new(AtomicU64::new(0));
        let made = generation.clone();
        let watch = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(0)
            .idle_timeout(None)
            .max_lifetime(None)
            .after_connect(move |_, _| {
                let made = made.clone();
                Box::pin(async move {
                    made.fetch_add(1, Ordering::Relaxed);
                    Ok(())
                })
            })
            .connect_lazy_with(options);
        Ok(Fail2banDb {
            pool,
            watch,
            generation,
            seen: Arc::new(Mutex::new(None)),
        })
    }

    /// Whether fail2ban may have written to its database since the last call
    /// (true on the first call, and whenever that cannot be known). Costs one
    /// `PRAGMA data_version`, whatever the size of the database.
    pub async fn changed(&self) -> Result<bool, Fail2banDbError> {
        let version: i64 = sqlx::query_scalar("PRAGMA data_version")
            .fetch_one(&self.watch)
            .await?;
        let now = (self.generation.load(Ordering::Relaxed), version);
        let mut seen = self
            .seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Ok(seen.replace(now) != Some(now))
    }

    /// How many bans are in force at `now` in each jail, counted by SQLite.
    pub async fn count_current(&self, now: i64) -> Result<HashMap<String, u64>, Fail2banDbError> {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT jail, count(*) FROM bips WHERE bantime < 0 OR timeofban + bantime > ? \
             GROUP BY jail",
        )
        .bind(now)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(jail, n)| (jail, u64::try_from(n).unwrap_or(0)))
            .collect())
    }

    /// Bans with a rowid greater than `after`, oldest first, at most `limit`.
    pub async fn bans_after(&self, after: i64, limit: u32) -> Result<Vec<BanRow>, Fail2banDbError> {
        let rows = sqlx::query(
            "SELECT rowid, jail, ip, timeofban, bantime, bancount, data FROM bans \
             WHERE rowid > ? ORDER BY rowid LIMIT ?",
        )
        .bind(after)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(ban_row).collect())
    }

    /// Bans in force at `now` (from `bips`, fail2ban's current-ban table),
    /// optionally for one jail, newest first.
    pub async fn current_bans(
        &self,
        jail: Option<&str>,
        now: i64,
    ) -> Result<Vec<BanRow>, Fail2banDbError> {
        let rows = sqlx::query(
            "SELECT rowid, jail, ip, timeofban, bantime, bancount, data FROM bips \
             WHERE (bantime < 0 OR timeofban + bantime > ?) AND (? IS NULL OR jail = ?) \
             ORDER BY timeofban DESC, rowid DESC",
        )
        .bind(now)
        .bind(jail)
        .bind(jail)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(ban_row).collect())
    }

    /// Which of `ips` are banned in `jail` at `now`.
    pub async fn banned_among(
        &self,
        jail: &str,
        ips: &[String],
        now: i64,
    ) -> Result<HashSet<String>, Fail2banDbError> {
        let mut found = HashSet::new();
        for chunk in ips.chunks(500) {
            let marks = vec!["?"; chunk.len()].join(",");
            let sql = format!(
                "SELECT ip FROM bips WHERE jail = ? AND (bantime < 0 OR timeofban + bantime > ?) AND ip IN ({marks})"
            );
            // Only placeholders are formatted into the text; every value is bound.
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(jail).bind(now);
            for ip in chunk {
                query = query.bind(ip);
            }
            for row in query.fetch_all(&self.pool).await? {
                found.insert(row.try_get::<String, _>(0)?);
            }
        }
        Ok(found)
    }

    /// The highest rowid of `bans`, 0 when empty.
    pub async fn last_rowid(&self) -> Result<i64, Fail2banDbError> {
        let row = sqlx::query("SELECT COALESCE(MAX(rowid), 0) FROM bans")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get(0)?)
    }

    pub async fn close(&self) {
        self.pool.close().await;
        self.watch.close().await;
    }
}

fn ban_row(row: &sqlx::sqlite::SqliteRow) -> BanRow {
    let data: Option<String> = row.try_get("data").ok().flatten();
    BanRow {
        rowid: row.try_get("rowid").unwrap_or_default(),
        jail: row.try_get("jail").unwrap_or_default(),
        ip: row
            .try_get::<Option<String>, _>("ip")
            .ok()
            .flatten()
            .unwrap_or_default(),
        time_of_ban: row.try_get("timeofban").unwrap_or_default(),
        ban_time: row.try_get("bantime").unwrap_or_default(),
        ban_count: row.try_get("bancount").unwrap_or(1),
        data: data.and_then(|d| serde_json::from_str(&d).ok()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bangui_test_support::fail2ban_db::Fail2banDbFixture;

    async fn fixture(dir: &Path) -> PathBuf {
        let f2b = Fail2banDbFixture::create(&dir.join("f2b.sqlite3")).await;
        for sql in [
            r#"INSERT INTO bans VALUES ('sshd', '192.0.2.1', 1000, 600, 1, '{"matches": ["line a"], "failures": 3}')"#,
            "INSERT INTO bans VALUES ('sshd', '192.0.2.2', 1100, -1, 2, NULL)",
            "INSERT INTO bans VALUES ('web', '2001:db8::5', 1200, 60, 1, 'not json')",
            "INSERT INTO bips VALUES ('192.0.2.1', 'sshd', 1000, 600, 1, NULL)",
            "INSERT INTO bips VALUES ('192.0.2.2', 'sshd', 1100, -1, 2, NULL)",
            "INSERT INTO bips VALUES ('2001:db8::5', 'web', 1200, 60, 1, NULL)",
        ] {
            f2b.exec(sql).await;
        }
        f2b.pool.close().await;
        f2b.path
    }

    #[tokio::test]
    async fn reads_incrementally_by_rowid() {
        let dir = tempfile::tempdir().unwrap();
        let db = Fail2banDb::open(&fixture(dir.path()).await).unwrap();
        let first = db.bans_after(0, 2).await.unwrap();
        assert_eq!(first.len(), 2);
        assert_eq!(
            first[0],
            BanRow {
                rowid: 1,
                jail: "sshd".into(),
                ip: "192.0.2.1".into(),
                time_of_ban: 1000,
                ban_time: 600,
                ban_count: 1,
                data: Some(BanData {
                    matches: vec!["line a".into()],
                    failures: Some(3)
                }),
            }
        );
        let rest = db.bans_after(first[1].rowid, 10).await.unwrap();
        assert_eq!(rest.len(), 1);
        assert_eq!(rest[0].ip, "2001:db8::5");
        assert_eq!(rest[0].data, None);
        assert_eq!(db.last_rowid().await.unwrap(), 3);
    }

    #[tokio::test]
    async fn current_bans_honour_expiry_and_jail() {
        let dir = tempfile::tempdir().unwrap();
        let db = Fail2banDb::open(&fixture(dir.path()).await).unwrap();
        let ips = |rows: Vec<BanRow>| rows.into_iter().map(|r| r.ip).collect::<Vec<_>>();
        assert_eq!(
            ips(db.current_bans(None, 1250).await.unwrap()),
            vec!["2001:db8::5", "192.0.2.2", "192.0.2.1"]
        );
        assert_eq!(
            ips(db.current_bans(None, 1700).await.unwrap()),
            vec!["192.0.2.2"]
        );
        assert_eq!(
            ips(db.current_bans(Some("web"), 1250).await.unwrap()),
            vec!["2001:db8::5"]
        );
    }

    #[tokio::test]
    async fn changes_by_another_connection_are_seen_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = fixture(dir.path()).await;
        let db = Fail2banDb::open(&path).unwrap();
        assert!(db.changed().await.unwrap(), "the first look");
        assert!(!db.changed().await.unwrap());
        let counts = |pairs: &[(&str, u64)]| -> HashMap<String, u64> {
            pairs.iter().map(|(j, n)| ((*j).to_owned(), *n)).collect()
        };
        assert_eq!(
            db.count_current(1250).await.unwrap(),
            counts(&[("sshd", 2), ("web", 1)])
        );
        assert!(!db.changed().await.unwrap(), "own reads change nothing");
        let writer = SqlitePool::connect(&format!("sqlite://{}", path.display()))
            .await
            .unwrap();
        sqlx::query("DELETE FROM bips WHERE ip = '192.0.2.1'")
            .execute(&writer)
            .await
            .unwrap();
        assert!(db.changed().await.unwrap());
        assert!(!db.changed().await.unwrap());
        assert_eq!(
            db.count_current(1250).await.unwrap(),
            counts(&[("sshd", 1), ("web", 1)])
        );
        assert_eq!(
            db.count_current(1700).await.unwrap(),
            counts(&[("sshd", 1)])
        );
    }

    #[tokio::test]
    async fn a_missing_database_fails_on_read_without_creating_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("absent.sqlite3");
        let db = Fail2banDb::open(&path).unwrap();
        assert!(db.bans_after(0, 10).await.is_err());
        assert!(!path.exists());
    }
}
