//! BanGUI's schema migrations: one change per file, each applied in its own
//! transaction on SQLite and PostgreSQL alike, so a crash mid-migration leaves the
//! previous version intact and the next start applies it again.

pub use sea_orm_migration::prelude::*;

/// Makes a migration run inside one transaction together with its bookkeeping row.
///
/// sea-orm-migration only does so on PostgreSQL by default; SQLite supports
/// transactional DDL too, so every BanGUI migration opts in.
macro_rules! atomic {
    () => {
        fn use_transaction(&self) -> Option<bool> {
            Some(true)
        }
    };
}

/// Key of the transaction-scoped advisory lock every PostgreSQL writer of
/// `ban_history` holds (taken by the statement trigger of
/// `order_ban_history_events`, and first by BanGUI's own archive writes).
pub const ARCHIVE_LOCK_KEY: i64 = 0x6267_6576;

/// The spans of `ban_count_bucket` and `ban_host_bucket`, in seconds: an hour,
/// a day and 32 days.
pub const BUCKET_SPANS: [i64; 3] = [3_600, 86_400, 32 * 86_400];

/// Drops triggers on `ban_history` by name, and on PostgreSQL their
/// functions of the same name.
async fn drop_ban_history_triggers(
    manager: &SchemaManager<'_>,
    names: &[&str],
) -> Result<(), DbErr> {
    use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend};
    let postgres = manager.get_database_backend() == DatabaseBackend::Postgres;
    for name in names {
        let drop = if postgres {
            format!(
                "DROP TRIGGER IF EXISTS {name} ON ban_history; DROP FUNCTION IF EXISTS {name}()"
            )
        } else {
            format!("DROP TRIGGER IF EXISTS {name}")
        };
        manager.get_connection().execute_unprepared(&drop).await?;
    }
    Ok(())
}

/// Creates an index (unique or not) over `columns` of `table`.
async fn create_index<T, C>(
    manager: &SchemaManager<'_>,
    name: &str,
    table: T,
    columns: &[C],
    unique: bool,
) -> Result<(), DbErr>
where
    T: IntoIden + 'static,
    C: IntoIden + Clone + 'static,
{
    let mut index = Index::create();
    index.name(name).table(table);
    for column in columns {
        index.col(column.clone());
    }
    if unique {
        index.unique();
    }
    manager.create_index(index.to_owned()).await
}

mod m20261123_000001_create_user;
mod m20261123_000002_create_session;
mod m20261123_000003_create_api_token;
mod m20261123_000004_create_setting;
mod m20261123_000005_create_ban_history;
mod m20261123_000006_create_geo_cache;
mod m20261123_000007_create_blocklist_source;
mod m20261123_000008_create_import_run;
mod m20261123_000009_create_blocklist_ip;
mod m20261123_000010_create_audit_log;
mod m20261123_000011_create_sync_state;
mod m20261123_000012_index_ban_history_open;
mod m20261123_000013_create_ban_rollups;
mod m20261123_000014_order_ban_history_events;
mod m20261123_000015_import_run_progress;
mod m20261123_000016_index_ban_history_active;
mod m20261123_000017_create_ban_ip_days;
mod m20261123_000018_coarsen_ban_buckets;
mod m20261123_000019_index_ban_history_ip_counts;
mod m20261123_000020_cluster_blocklist_ip;
mod m20261201_000021_index_ban_history_expiry;
mod m20261201_000022_create_ban_intent;
mod m20261202_000023_create_fail2ban_config;
mod m20261202_000024_ban_notes_and_timed_unbans;
mod m20261203_000025_create_host;
mod m20261203_000026_create_ban_host_buckets;
mod m20261204_000027_create_notifications;
mod m20261204_000028_batch_ban_rollups;
mod m20261204_000029_blocklist_source_host;

/// Every migration, oldest first.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_create_user::Migration),
            Box::new(m20261123_000002_create_session::Migration),
            Box::new(m20261123_000003_create_api_token::Migration),
            Box::new(m20261123_000004_create_setting::Migration),
            Box::new(m20261123_000005_create_ban_history::Migration),
            Box::new(m20261123_000006_create_geo_cache::Migration),
            Box::new(m20261123_000007_create_blocklist_source::Migration),
            Box::new(m20261123_000008_create_import_run::Migration),
            Box::new(m20261123_000009_create_blocklist_ip::Migration),
            Box::new(m20261123_000010_create_audit_log::Migration),
            Box::new(m20261123_000011_create_sync_state::Migration),
            Box::new(m20261123_000012_index_ban_history_open::Migration),
            Box::new(m20261123_000013_create_ban_rollups::Migration),
            Box::new(m20261123_000014_order_ban_history_events::Migration),
            Box::new(m20261123_000015_import_run_progress::Migration),
            Box::new(m20261123_000016_index_ban_history_active::Migration),
            Box::new(m20261123_000017_create_ban_ip_days::Migration),
            Box::new(m20261123_000018_coarsen_ban_buckets::Migration),
            Box::new(m20261123_000019_index_ban_history_ip_counts::Migration),
            Box::new(m20261123_000020_cluster_blocklist_ip::Migration),
            Box::new(m20261201_000021_index_ban_history_expiry::Migration),
            Box::new(m20261201_000022_create_ban_intent::Migration),
            Box::new(m20261202_000023_create_fail2ban_config::Migration),
            Box::new(m20261202_000024_ban_notes_and_timed_unbans::Migration),
            Box::new(m20261203_000025_create_host::Migration),
            Box::new(m20261203_000026_create_ban_host_buckets::Migration),
            Box::new(m20261204_000027_create_notifications::Migration),
            Box::new(m20261204_000028_batch_ban_rollups::Migration),
            Box::new(m20261204_000029_blocklist_source_host::Migration),
        ]
    }
}
