//! `TestApp::spawn()`: the real server on a random port with a fresh database.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, Ordering};

use bangui_api::Running;
use bangui_core::Config;
use serde_json::{Value, json};

/// A fresh database: an SQLite file in a temporary directory, or a new PostgreSQL
/// database (dropped again afterwards) when `BANGUI_TEST_POSTGRES_URL` is set.
pub struct TestDb {
    pub url: String,
    pub backend: &'static str,
    _dir: Option<tempfile::TempDir>,
    pg_drop: Option<(String, String)>,
}

impl TestDb {
    pub fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("tempdir");
        TestDb {
            url: format!("sqlite://{}/bangui.db", dir.path().display()),
            backend: "sqlite",
            _dir: Some(dir),
            pg_drop: None,
        }
    }

    /// A new PostgreSQL database, or None when no server is configured.
    pub async fn postgres() -> Option<TestDb> {
        let admin = std::env::var("BANGUI_TEST_POSTGRES_URL").ok()?;
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "bangui_t_{}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed),
            rand_suffix()
        );
        let conn = sea_orm::Database::connect(&admin)
            .await
            .expect("connect to BANGUI_TEST_POSTGRES_URL");
        use sea_orm::ConnectionTrait;
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
            _dir: None,
            pg_drop: Some((admin, name)),
        })
    }

    /// SQLite always, PostgreSQL too when configured.
    pub async fn all() -> Vec<TestDb> {
        let mut dbs = vec![TestDb::sqlite()];
        dbs.extend(TestDb::postgres().await);
        dbs
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
                    use sea_orm::ConnectionTrait;
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

fn rand_suffix() -> u64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos().into())
}

/// Settings for a test server: random port, the given database, no fail2ban.
pub fn test_config(db: &TestDb, extra: &[(&str, &str)]) -> Config {
    let mut env = vec![
        ("BANGUI_DATABASE_URL".to_owned(), db.url.clone()),
        ("BANGUI_LISTEN".to_owned(), "127.0.0.1:0".to_owned()),
        (
            "BANGUI_FAIL2BAN_SOCKET".to_owned(),
            "/nonexistent/fail2ban.sock".to_owned(),
        ),
        ("BANGUI_WEB_DIR".to_owned(), "/nonexistent/web".to_owned()),
    ];
    env.extend(
        extra
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    Config::load(None, env).expect("test config").config
}

/// A running server and an HTTP client for it.
pub struct TestApp {
    pub addr: SocketAddr,
    pub client: reqwest::Client,
    pub running: Option<Running>,
    /// Kept alive so the database outlives the server.
    _db: TestDb,
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        TestApp::spawn_on(TestDb::sqlite()).await
    }

    pub async fn spawn_on(db: TestDb) -> TestApp {
        let config = test_config(&db, &[]);
        let running = bangui_api::start(config).await.expect("server starts");
        TestApp {
            addr: running.addr,
            client: reqwest::Client::new(),
            running: Some(running),
            _db: db,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// POSTs a GraphQL query and returns the whole response body.
    pub async fn graphql(&self, query: &str, variables: Value) -> Value {
        self.client
            .post(self.url("/graphql"))
            .json(&json!({ "query": query, "variables": variables }))
            .send()
            .await
            .expect("request")
            .json()
            .await
            .expect("JSON body")
    }

    /// Stops the server and waits for it.
    pub async fn stop(mut self) {
        if let Some(running) = self.running.take() {
            running.shutdown();
            running.stopped().await;
        }
    }
}
