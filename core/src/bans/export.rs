//! The archive's bans for an export, read page by page in the order of their
//! ids, so that an export of any size holds one page in memory.

use entity::ban_history;
use sea_orm::{ColumnTrait, DatabaseConnection, QueryFilter, QueryOrder, QuerySelect};

use super::list::{BanFilter, archive_query};
use crate::error::ServiceResult;

/// Rows per page of an export.
pub const EXPORT_PAGE: u64 = 2_000;

/// The next `EXPORT_PAGE` archived bans `filter` selects whose id is above
/// `after`, by id.
pub async fn export_page(
    db: &DatabaseConnection,
    filter: &BanFilter,
    after: i64,
) -> ServiceResult<Vec<ban_history::Model>> {
    Ok(archive_query(filter, crate::time::now())?
        .filter(ban_history::Column::Id.gt(after))
        .order_by_asc(ban_history::Column::Id)
        .limit(EXPORT_PAGE)
        .all(db)
        .await?)
}
