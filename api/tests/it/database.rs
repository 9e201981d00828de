//! Migrations and tables on SQLite and PostgreSQL.

use bangui_core::db;
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, DbBackend, Statement};

use crate::helpers::TestDb;

const TABLES: &[&str] = &[
    "api_token",
    "audit_log",
    "ban_history",
    "blocklist_ip",
    "blocklist_source",
    "geo_cache",
    "import_run",
    "session",
    "setting",
    "sync_state",
    "user",
];

async fn table_names(conn: &sea_orm::DatabaseConnection) -> Vec<String> {
    let sql = match conn.get_database_backend() {
        DbBackend::Postgres => {
            "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
        }
        _ => "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1",
    };
    conn.query_all_raw(Statement::from_string(conn.get_database_backend(), sql))
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get::<String>("", "name").unwrap())
        .collect()
}

#[tokio::test]
async fn migrations_create_every_table_and_rerun_as_no_op() {
    for test_db in TestDb::all().await {
        let conn = db::connect(&test_db.url).await.unwrap();
        db::migrate(&conn).await.unwrap();
        db::migrate(&conn).await.unwrap();
        let names = table_names(&conn).await;
        for table in TABLES {
            assert!(
                names.iter().any(|n| n == table),
                "{} lacks {table}: {names:?}",
                test_db.backend
            );
        }
        let applied = Migrator::get_applied_migrations(&conn).await.unwrap();
        assert_eq!(
            applied.len(),
            Migrator::migrations().len(),
            "{}",
            test_db.backend
        );
        conn.close().await.unwrap();
    }
}

#[tokio::test]
async fn ban_history_unique_key_makes_resync_idempotent() {
    for test_db in TestDb::all().await {
        let conn = db::connect(&test_db.url).await.unwrap();
        db::migrate(&conn).await.unwrap();
        let insert = "INSERT INTO ban_history (kind, ip, ip_key, jail, at, banned_at, ban_time, expires_at, ban_count, origin) \
                      VALUES ('BAN', '192.0.2.1', 'k', 'sshd', 100, 100, 600, 700, 1, 'FAIL2BAN') ON CONFLICT DO NOTHING";
        for _ in 0..3 {
            conn.execute_unprepared(insert).await.unwrap();
        }
        let row = conn
            .query_one_raw(Statement::from_string(
                conn.get_database_backend(),
                "SELECT COUNT(*) AS n FROM ban_history",
            ))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            row.try_get::<i64>("", "n").unwrap(),
            1,
            "{}",
            test_db.backend
        );
        conn.close().await.unwrap();
    }
}

#[tokio::test]
async fn a_failed_migration_leaves_the_previous_version_intact() {
    // Simulate a crash after part of a migration: the table the next migration
    // creates already exists, so it fails; the transaction must roll back its
    // bookkeeping and leave everything before it applied.
    for test_db in TestDb::all().await {
        let conn = db::connect(&test_db.url).await.unwrap();
        Migrator::up(&conn, Some(3)).await.unwrap();
        conn.execute_unprepared("CREATE TABLE setting (x INTEGER)")
            .await
            .unwrap();
        let err = db::migrate(&conn).await.unwrap_err();
        assert!(
            err.to_string().starts_with("database migration failed"),
            "{err}"
        );
        assert_eq!(
            Migrator::get_applied_migrations(&conn).await.unwrap().len(),
            3
        );
        conn.execute_unprepared("DROP TABLE setting").await.unwrap();
        db::migrate(&conn).await.unwrap();
        assert_eq!(
            Migrator::get_applied_migrations(&conn).await.unwrap().len(),
            Migrator::migrations().len()
        );
        conn.close().await.unwrap();
    }
}
