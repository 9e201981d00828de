//! Housekeeping: removes expired sessions. Idempotent: running it twice removes
//! nothing more.

use apalis::prelude::Data;
use apalis_cron::Tick;
use entity::session;
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};
use tracing::info;

/// Deletes sessions whose absolute expiry has passed; returns how many.
pub async fn purge_expired_sessions(db: &DatabaseConnection, now: i64) -> Result<u64, DbErr> {
    let result = session::Entity::delete_many()
        .filter(session::Column::ExpiresAt.lte(now))
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}

/// The job body run at every tick.
pub(crate) async fn run(_tick: Tick, db: Data<DatabaseConnection>) -> anyhow::Result<()> {
    let removed = purge_expired_sessions(&db, bangui_core::time::now()).await?;
    if removed > 0 {
        info!(removed, "expired sessions purged");
    }
    Ok(())
}
