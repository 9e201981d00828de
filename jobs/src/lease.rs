//! Once per tick across instances: every instance ticks at the same aligned
//! instants, and the first to record a tick in `sync_state` runs it.

use entity::sync_state;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ActiveValue::Set, DatabaseConnection, DbErr, EntityTrait};

/// Claims `tick` (Unix seconds) of `job`; true for exactly one caller per tick.
pub async fn claim(db: &DatabaseConnection, job: &str, tick: i64) -> Result<bool, DbErr> {
    // Fixed-width text so that text order is time order.
    let value = format!("{tick:020}");
    let row = sync_state::ActiveModel {
        name: Set(format!("tick:{job}")),
        cursor: Set(value.clone()),
        updated_at: Set(bangui_core::time::now()),
    };
    let result = sync_state::Entity::insert(row)
        .on_conflict(
            OnConflict::column(sync_state::Column::Name)
                .update_columns([sync_state::Column::Cursor, sync_state::Column::UpdatedAt])
                .action_and_where(
                    Expr::col((sync_state::Entity, sync_state::Column::Cursor)).lt(value),
                )
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(result == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn one_claim_per_tick() {
        let dir = tempfile::tempdir().unwrap();
        let db = bangui_core::db::connect(&format!("sqlite://{}/l.db", dir.path().display()))
            .await
            .unwrap();
        bangui_core::db::migrate(&db).await.unwrap();
        assert!(claim(&db, "sync", 100).await.unwrap());
        assert!(!claim(&db, "sync", 100).await.unwrap());
        assert!(claim(&db, "geo", 100).await.unwrap());
        assert!(claim(&db, "sync", 105).await.unwrap());
        assert!(!claim(&db, "sync", 100).await.unwrap());
    }
}
