//! A fresh database per test: an SQLite file in a temporary directory, or a new
//! PostgreSQL database (dropped again afterwards) when
//! `BANGUI_TEST_POSTGRES_URL` is set. A test that needs PostgreSQL and finds no
//! server says it skipped that part.

use std::sync::atomic::{AtomicU32, Ordering};

use sea_orm::ConnectionTrait;

/// The variable naming a PostgreSQL server to make test databases on.
pub const POSTGRES_URL: &str = "BANGUI_TEST_POSTGRES_URL";

/// A database of its own for one test.
pub struct TestDb {
    pub url: String,
    pub backend: &'static str,
    dir: Option<tempfile::TempDir>,
    /// The server URL and the name of the database to drop with this one.
    pg_drop: Option<(String, String)>,
}

impl TestDb {
    pub fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("tempdir");
        TestDb {
            url: format!("sqlite://{}/bangui.db", dir.path().display()),
            backend: "sqlite",
            dir: Some(dir),
            pg_drop: None,
        }
    }

    /// A new PostgreSQL database, or None (said on stderr) when no server is
    /// configured.
    pub async fn postgres() -> Option<TestDb> {
        let Ok(admin) = std::env::var(POSTGRES_URL) else {
            eprintln!("PostgreSQL part skipped: {POSTGRES_URL} is not set");
            return None;
        };
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let name = format!(
            "bangui_t_{}_{}_{nanos}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed),
        );
        let conn = sea_orm::Database::connect(&admin)
            .await
            .expect("connect to BANGUI_TEST_POSTGRES_URL");
        conn.execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
            .await
            .expect("create test database");
        let _ = conn.close().await;
        let base = admin
            .rsplit_once('/')
            .map_or(admin.as_str(), |(b, _)| b)
            .to_owned();
        Some(TestDb {
            url: format!("{base}/{name}"),
            backend: "postgres",
            dir: None,
            pg_drop: Some((admin, name)),
        })
    }

    /// SQLite always, PostgreSQL too when configured.
    pub async fn all() -> Vec<TestDb> {
        let mut dbs = vec![TestDb::sqlite()];
        dbs.extend(TestDb::postgres().await);
        dbs
    }

    /// The same database again, for a second instance; dropping it drops nothing.
    pub fn share(&self) -> TestDb {
        TestDb {
            url: self.url.clone(),
            backend: self.backend,
            dir: None,
            pg_drop: None,
        }
    }

    /// The SQLite database's directory, for files a test puts beside it.
    pub fn dir(&self) -> Option<&std::path::Path> {
        self.dir.as_ref().map(tempfile::TempDir::path)
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin, name)) = self.pg_drop.take() {
            // Drop runs outside async: use a thread with its own runtime.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()?;
                rt.block_on(async move {
                    if let Ok(conn) = sea_orm::Database::connect(&admin).await {
                        let _ = conn
                            .execute_unprepared(&format!(
                                "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                            ))
                            .await;
                        let _ = conn.close().await;
                    }
                });
                Ok::<_, std::io::Error>(())
            })
            .join();
        }
    }
}
