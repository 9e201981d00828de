//! The archive's bans for an export, read page by page in the order of their
//! ids, so that an export of any size holds one page in memory and reads
//! each row once: on SQLite the page walks the table itself (`NOT INDEXED`),
//! since an index on the filter's columns would have it sort every match of
//! the archive for each page.

use entity::ban_history;
use sea_orm::{DatabaseConnection, DbBackend, EntityTrait, Statement, Value};

use super::list::BanFilter;
use crate::error::{ServiceError, ServiceResult};

/// Rows per page of an export.
pub const EXPORT_PAGE: u64 = 2_000;

/// Refuses a filter an export cannot serve: one that selects by more than
/// time, jail and host, or names a jail no fail2ban could have.
pub fn check_export(filter: &BanFilter) -> ServiceResult<()> {
    if filter.ip.is_some()
        || filter.country.is_some()
        || filter.origin.is_some()
        || filter.active_only
    {
        return Err(ServiceError::BadInput(
            "an export selects by time, jail and host only".into(),
        ));
    }
    if let Some(jail) = &filter.jail {
        crate::validate::jail_name(jail)?;
    }
    Ok(())
}

/// The next [`EXPORT_PAGE`] archived bans whose id is above `after`, by id,
/// of `filter`'s jail, host and time range (see [`check_export`]).
pub async fn export_page(
    db: &DatabaseConnection,
    filter: &BanFilter,
    after: i64,
) -> ServiceResult<Vec<ban_history::Model>> {
    check_export(filter)?;
    let backend = db.get_database_backend();
    let mut sql = String::from("SELECT * FROM ban_history");
    if backend == DbBackend::Sqlite {
        sql.push_str(" NOT INDEXED");
    }
    sql.push_str(" WHERE id > ? AND kind = 'BAN'");
    let mut values: Vec<Value> = vec![after.into()];
    if let Some(jail) = &filter.jail {
        sql.push_str(" AND jail = ?");
        values.push(jail.clone().into());
    }
    if let Some(host) = filter.host_id {
        sql.push_str(" AND host_id = ?");
        values.push(host.into());
    }
    if let Some(since) = filter.since {
        sql.push_str(" AND banned_at >= ?");
        values.push(since.into());
    }
    if let Some(until) = filter.until {
        sql.push_str(" AND banned_at < ?");
        values.push(until.into());
    }
    sql.push_str(" ORDER BY id LIMIT ?");
    values.push(i64::try_from(EXPORT_PAGE).unwrap_or(i64::MAX).into());
    if backend == DbBackend::Postgres {
        let mut numbered = String::with_capacity(sql.len() + 16);
        for (n, part) in sql.split('?').enumerate() {
            if n > 0 {
                numbered.push_str(&format!("${n}"));
            }
            numbered.push_str(part);
        }
        sql = numbered;
    }
    Ok(ban_history::Entity::find()
        .from_raw_sql(Statement::from_sql_and_values(backend, sql, values))
        .all(db)
        .await?)
}
