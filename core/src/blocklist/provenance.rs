//! Provenance: which source listed which address since when. `ipInfo` shows
//! it, and the next import compares its list with it (`unbanRemoved`).

use std::collections::HashSet;

use entity::blocklist_ip;
use ipnet::IpNet;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect,
};

use crate::error::ServiceResult;

/// Rows per statement when deleting what left the list.
const CHUNK: usize = 500;
/// Rows per INSERT of provenance, and per transaction: short enough that other
/// writers (bans being archived meanwhile) never wait long on SQLite.
const LISTED_ROWS: usize = 2_000;
const LISTED_PER_TRANSACTION: usize = 50_000;

/// Records what the source lists now: inserts the entries that `arrived` since
/// the last import (provenance for `ipInfo`, and what `unbanRemoved` compares the
/// next list with) and marks every entry of the source as seen now. Entries that
/// left are [`forget`]ten.
pub async fn record_listed(
    db: &DatabaseConnection,
    source_id: i64,
    arrived: &[IpNet],
) -> ServiceResult<()> {
    let now = crate::time::now();
    blocklist_ip::Entity::update_many()
        .col_expr(blocklist_ip::Column::LastSeenAt, Expr::value(now))
        .filter(blocklist_ip::Column::SourceId.eq(source_id))
        .exec(db)
        .await?;
    // In key order, each insert lands next to the previous one in both b-trees.
    let mut arrived: Vec<String> = arrived.iter().map(bangui_fail2ban::target).collect();
    arrived.sort_unstable();
    for group in arrived.chunks(LISTED_PER_TRANSACTION) {
        let txn = crate::db::begin_write(db).await?;
        for chunk in group.chunks(LISTED_ROWS) {
            let rows = chunk.iter().map(|ip| blocklist_ip::ActiveModel {
                source_id: Set(source_id),
                ip: Set(ip.clone()),
                first_seen_at: Set(now),
                last_seen_at: Set(now),
            });
            blocklist_ip::Entity::insert_many(rows)
                .on_conflict_do_nothing_on([
                    blocklist_ip::Column::SourceId,
                    blocklist_ip::Column::Ip,
                ])
                .exec_without_returning(&txn)
                .await?;
        }
        txn.commit().await?;
    }
    Ok(())
}

/// What the source listed at its last import, as stored.
pub async fn listed(db: &DatabaseConnection, source_id: i64) -> ServiceResult<HashSet<String>> {
    let before: Vec<String> = blocklist_ip::Entity::find()
        .select_only()
        .column(blocklist_ip::Column::Ip)
        .filter(blocklist_ip::Column::SourceId.eq(source_id))
        .into_tuple()
        .all(db)
        .await?;
    Ok(before.into_iter().collect())
}

/// Forgets the entries that `left` the source's list.
pub async fn forget(db: &DatabaseConnection, source_id: i64, left: &[String]) -> ServiceResult<()> {
    for chunk in left.chunks(CHUNK) {
        blocklist_ip::Entity::delete_many()
            .filter(blocklist_ip::Column::SourceId.eq(source_id))
            .filter(blocklist_ip::Column::Ip.is_in(chunk.iter().cloned()))
            .exec(db)
            .await?;
    }
    Ok(())
}
