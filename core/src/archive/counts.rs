//! Counts over the archive for reports.

use entity::ban_history;
use entity::kinds::EventKind;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use crate::error::ServiceResult;

/// Archived bans by jail and origin: `(jail, origin, bans)`, by jail then origin.
pub async fn count_by_jail_and_origin(
    db: &DatabaseConnection,
) -> ServiceResult<Vec<(String, String, i64)>> {
    use sea_orm::QuerySelect;
    use sea_orm::sea_query::{Expr, ExprTrait};
    Ok(ban_history::Entity::find()
        .select_only()
        .column(ban_history::Column::Jail)
        .column(ban_history::Column::Origin)
        .column_as(Expr::col(ban_history::Column::Id).count(), "bans")
        .filter(ban_history::Column::Kind.eq(EventKind::Ban))
        .group_by(ban_history::Column::Jail)
        .group_by(ban_history::Column::Origin)
        .order_by_asc(ban_history::Column::Jail)
        .order_by_asc(ban_history::Column::Origin)
        .into_tuple()
        .all(db)
        .await?)
}
