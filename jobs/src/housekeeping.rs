//! Housekeeping: removes expired sessions, audit entries past the cap and stale
//! ban intents, and keeps SQLite's planner statistics fresh. Idempotent: running it twice removes nothing more.

use apalis::prelude::Data;
use apalis_cron::Tick;
use entity::session;
use sea_orm::sea_query::Condition;
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};
use tracing::info;

/// Deletes sessions past their absolute expiry or unused for longer than
/// `idle_secs`; returns how many.
pub async fn purge_expired_sessions(
    db: &DatabaseConnection,
    now: i64,
    idle_secs: i64,
) -> Result<u64, DbErr> {
    let result = session::Entity::delete_many()
        .filter(
            Condition::any()
                .add(session::Column::ExpiresAt.lte(now))
                .add(session::Column::LastSeenAt.lte(now.saturating_sub(idle_secs))),
        )
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}

/// What the housekeeping job needs.
#[derive(Clone)]
pub(crate) struct Housekeeping {
    pub db: DatabaseConnection,
    pub idle_secs: i64,
    /// How long archived bans are kept; none: every ban.
    pub archive_retention_secs: Option<i64>,
}

/// Archive rows removed per tick at most, so that a first retention on a
/// large archive spreads over several minutes of short transactions.
const RETENTION_PER_TICK: u64 = 200_000;

/// The job body run at every tick.
pub(crate) async fn run(tick: Tick, job: Data<Housekeeping>) -> anyhow::Result<()> {
    if !crate::lease::claim(&job.db, "housekeeping", crate::tick_secs(&tick)).await? {
        return Ok(());
    }
    let removed = purge_expired_sessions(&job.db, bangui_core::time::now(), job.idle_secs).await?;
    if removed > 0 {
        info!(removed, "expired sessions purged");
    }
    let audit = bangui_core::audit::prune(&job.db).await?;
    let intents = bangui_core::intent::prune(&job.db, bangui_core::time::now()).await?;
    if audit > 0 || intents > 0 {
        info!(
            audit,
            intents, "old audit entries and stale ban intents removed"
        );
    }
    if let Some(keep) = job.archive_retention_secs {
        let now = bangui_core::time::now();
        let removed = bangui_core::archive::retention::prune_before(
            &job.db,
            now.saturating_sub(keep),
            now,
            RETENTION_PER_TICK,
        )
        .await?;
        if removed > 0 {
            info!(removed, "archived bans past the retention removed");
        }
    }
    bangui_core::db::refresh_statistics(&job.db).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use sea_orm::{ActiveValue::Set, EntityTrait};

    use super::*;

    #[tokio::test]
    async fn purges_idle_and_expired_sessions_only() {
        let dir = tempfile::tempdir().unwrap();
        let db = bangui_core::db::connect(&format!("sqlite://{}/h.db", dir.path().display()))
            .await
            .unwrap();
        bangui_core::db::migrate(&db).await.unwrap();
        let user = bangui_core::auth::users::create(
            &db,
            "u",
            "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g",
            bangui_core::Role::Viewer,
        )
        .await
        .unwrap();
        let now = 10_000;
        for (hash, last_seen, expires) in [
            ("live", 9_900, 20_000),
            ("idle", 8_000, 20_000),
            ("old", 9_990, 9_999),
        ] {
            let row = session::ActiveModel {
                token_hash: Set(hash.to_owned()),
                user_id: Set(user.id),
                created_at: Set(1),
                last_seen_at: Set(last_seen),
                expires_at: Set(expires),
                ..Default::default()
            };
            session::Entity::insert(row).exec(&db).await.unwrap();
        }
        assert_eq!(purge_expired_sessions(&db, now, 1800).await.unwrap(), 2);
        assert_eq!(purge_expired_sessions(&db, now, 1800).await.unwrap(), 0);
        let left: Vec<String> = session::Entity::find()
            .all(&db)
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.token_hash)
            .collect();
        assert_eq!(left, ["live"]);
    }
}
