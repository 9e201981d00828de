//! Keeps the archive's countries right: after the MMDB changes every row is looked
//! at again (in steps, resuming from a cursor), and rows without a country are
//! retried.

use std::collections::HashMap;
use std::net::IpAddr;

use entity::ban_history;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};

use super::Geo;
use crate::db::retry_busy;
use crate::error::ServiceResult;
use crate::settings;

/// Name of the cursor in `setting`.
const CURSOR: &str = "geo_reresolve";

#[derive(Serialize, Deserialize, Default, PartialEq, Eq, Debug)]
struct Cursor {
    /// The resolver generation the pass is for.
    generation: u64,
    /// Last `ban_history.id` checked.
    last_id: i64,
}

/// What one step did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Step {
    pub checked: usize,
    pub changed: usize,
}

/// Sets `country_code` on every row of `ip` whose code differs.
async fn store(
    db: &DatabaseConnection,
    found: &HashMap<IpAddr, Option<String>>,
) -> ServiceResult<usize> {
    let mut changed = 0;
    for (ip, country) in found {
        let Some(code) = country else { continue };
        let done = retry_busy(|| {
            ban_history::Entity::update_many()
                .col_expr(ban_history::Column::CountryCode, Expr::value(code.clone()))
                .filter(ban_history::Column::Ip.eq(ip.to_string()))
                .filter(
                    sea_orm::Condition::any()
                        .add(ban_history::Column::CountryCode.is_null())
                        .add(ban_history::Column::CountryCode.ne(code.clone())),
                )
                .exec(db)
        })
        .await?;
        changed += done.rows_affected as usize;
    }
    Ok(changed)
}

/// One step of re-resolving after an MMDB change: up to `limit` rows past the
/// cursor. Idempotent; a restart resumes where the cursor stands.
pub async fn reresolve_step(db: &DatabaseConnection, geo: &Geo, limit: u64) -> ServiceResult<Step> {
    let generation = geo.resolver().generation();
    if generation == 0 {
        return Ok(Step::default());
    }
    let mut cursor: Cursor = settings::get(db, CURSOR).await?.unwrap_or_default();
    if cursor.generation != generation {
        cursor = Cursor {
            generation,
            last_id: 0,
        };
    }
    let rows: Vec<(i64, String)> = ban_history::Entity::find()
        .select_only()
        .column(ban_history::Column::Id)
        .column(ban_history::Column::Ip)
        .filter(ban_history::Column::Id.gt(cursor.last_id))
        .order_by_asc(ban_history::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await?;
    let Some(&(last_id, _)) = rows.last() else {
        settings::put(db, CURSOR, &cursor).await?;
        return Ok(Step::default());
    };
    let ips: Vec<IpAddr> = rows.iter().filter_map(|(_, ip)| ip.parse().ok()).collect();
    let found = geo.countries(&ips).await;
    let changed = store(db, &found).await?;
    cursor.last_id = last_id;
    settings::put(db, CURSOR, &cursor).await?;
    Ok(Step {
        checked: rows.len(),
        changed,
    })
}

/// Tries again, for up to `limit` addresses, the rows that have no country yet.
pub async fn fill_missing(db: &DatabaseConnection, geo: &Geo, limit: u64) -> ServiceResult<Step> {
    let ips: Vec<String> = ban_history::Entity::find()
        .select_only()
        .column(ban_history::Column::Ip)
        .filter(ban_history::Column::CountryCode.is_null())
        .distinct()
        .limit(limit)
        .into_tuple()
        .all(db)
        .await?;
    let parsed: Vec<IpAddr> = ips.iter().filter_map(|ip| ip.parse().ok()).collect();
    let found = geo.countries(&parsed).await;
    let changed = store(db, &found).await?;
    Ok(Step {
        checked: ips.len(),
        changed,
    })
}
