//! A database shaped like fail2ban's own (its `bans` and `bips` tables), to
//! write rows into as fail2ban-server would.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use sqlx::sqlite::{SqliteConnectOptions, SqlitePool};

/// fail2ban's tables, as fail2ban 1.x creates them.
pub const SCHEMA: [&str; 2] = [
    "CREATE TABLE bans(jail TEXT NOT NULL, ip TEXT, timeofban INTEGER NOT NULL, bantime INTEGER NOT NULL, bancount INTEGER NOT NULL default 1, data JSON)",
    "CREATE TABLE bips(ip TEXT NOT NULL, jail TEXT NOT NULL, timeofban INTEGER NOT NULL, bantime INTEGER NOT NULL, bancount INTEGER NOT NULL default 1, data JSON, PRIMARY KEY(ip, jail))",
];

/// A fail2ban-shaped database at `path` and a pool that writes to it.
pub struct Fail2banDbFixture {
    pub path: PathBuf,
    pub pool: SqlitePool,
}

impl Fail2banDbFixture {
    /// Creates `path` with fail2ban's tables.
    pub async fn create(path: &Path) -> Fail2banDbFixture {
        let pool = SqlitePool::connect_with(
            SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))
                .expect("an SQLite path")
                .create_if_missing(true),
        )
        .await
        .expect("the fail2ban database opens");
        for sql in SCHEMA {
            fixture_exec(&pool, sql).await;
        }
        Fail2banDbFixture {
            path: path.to_owned(),
            pool,
        }
    }

    /// A ban of `ip` in `jail` at `at` for `bantime` seconds, in both tables.
    pub async fn ban(&self, jail: &str, ip: &str, at: i64, bantime: i64) {
        sqlx::query("INSERT INTO bans VALUES (?, ?, ?, ?, 1, NULL)")
            .bind(jail)
            .bind(ip)
            .bind(at)
            .bind(bantime)
            .execute(&self.pool)
            .await
            .expect("insert into bans");
        sqlx::query("INSERT OR REPLACE INTO bips VALUES (?, ?, ?, ?, 1, NULL)")
            .bind(ip)
            .bind(jail)
            .bind(at)
            .bind(bantime)
            .execute(&self.pool)
            .await
            .expect("insert into bips");
    }

    /// Runs a statement of the test's own.
    pub async fn exec(&self, sql: &str) {
        fixture_exec(&self.pool, sql).await;
    }
}

async fn fixture_exec(pool: &SqlitePool, sql: &str) {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .execute(pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}
