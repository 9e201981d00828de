//! Copies fail2ban's bans into the archive: new rows of fail2ban's `bans` table
//! (read incrementally by rowid, the cursor kept in `sync_state`), unbans (bans
//! that left fail2ban's current-ban table early) and expiries, all as events.
//!
//! Idempotent: the archive's unique key absorbs a row written twice, and the
//! cursor moves only after the rows are written, so a crash mid-batch repeats the
//! batch and loses nothing.

use std::collections::HashSet;
use tracing::info;

use bangui_fail2ban::db::Fail2banDb;
use entity::{ban_history, sync_state};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use crate::archive::{self, NewBan, Origin};
use crate::db::retry_busy;
use crate::error::ServiceResult;
use crate::geo::Geo;

/// Name of the cursor in `sync_state`.
pub const CURSOR: &str = "fail2ban_bans";
/// fail2ban rows read per step.
pub const BATCH: u32 = 5_000;

/// What one sync step did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SyncStep {
    pub read: usize,
    pub archived: usize,
    pub ended: usize,
}

async fn cursor(db: &DatabaseConnection) -> ServiceResult<i64> {
    let row = sync_state::Entity::find_by_id(CURSOR.to_owned())
        .one(db)
        .await?;
    Ok(row.and_then(|r| r.cursor.parse().ok()).unwrap_or(0))
}

async fn set_cursor(db: &DatabaseConnection, rowid: i64) -> ServiceResult<()> {
    let row = sync_state::ActiveModel {
        name: Set(CURSOR.to_owned()),
        cursor: Set(rowid.to_string()),
        updated_at: Set(crate::time::now()),
    };
    retry_busy(|| {
        sync_state::Entity::insert(row.clone())
            .on_conflict(
                OnConflict::column(sync_state::Column::Name)
                    .update_columns([sync_state::Column::Cursor, sync_state::Column::UpdatedAt])
                    .to_owned(),
            )
            .exec(db)
    })
    .await?;
    Ok(())
}

/// Archives the next batch of fail2ban's bans; returns how many rows were read.
pub async fn sync_new_bans(
    db: &DatabaseConnection,
    reader: &Fail2banDb,
    geo: &Geo,
    batch: u32,
) -> ServiceResult<(usize, usize)> {
    let after = cursor(db).await?;
    let mut rows = reader.bans_after(after, batch).await?;
    if rows.is_empty() && after > 0 {
        // SQLite numbers a new row after the highest one left: once fail2ban's
        // purge empties its table (a quiet day) or the file is replaced, new
        // bans get numbers at or below the cursor. Read them from the start
        // again; `record_bans` skips what the archive already holds.
        let highest = reader.last_rowid().await?;
        if highest < after {
            info!(
                cursor = after,
                highest, "fail2ban's ban table was renumbered; reading it from the start"
            );
            rows = reader.bans_after(0, batch).await?;
            if rows.is_empty() {
                set_cursor(db, 0).await?;
            }
        }
    }
    let Some(last) = rows.last().map(|r| r.rowid) else {
        return Ok((0, 0));
    };
    let addresses: Vec<std::net::IpAddr> = rows.iter().filter_map(|r| r.ip.parse().ok()).collect();
    let countries = geo.countries(&addresses).await;
    let bans: Vec<NewBan> = rows
        .iter()
        .map(|r| NewBan {
            country_code: r
                .ip
                .parse()
                .ok()
                .and_then(|ip: std::net::IpAddr| countries.get(&ip).cloned().flatten()),
            ip: r.ip.clone(),
            jail: r.jail.clone(),
            banned_at: r.time_of_ban,
            ban_time: r.ban_time,
            ban_count: i32::try_from(r.ban_count).unwrap_or(i32::MAX),
            origin: Origin::Fail2ban,
            source_id: None,
        })
        .collect();
    // Bans BanGUI archived itself (manual, blocklist) are recognised by
    // `record_bans` and not archived twice.
    let archived = archive::record_bans(db, &bans).await?;
    set_cursor(db, last).await?;
    Ok((rows.len(), usize::try_from(archived).unwrap_or(usize::MAX)))
}

/// Records the end of archived bans: expired ones at their expiry, and ones
/// fail2ban no longer holds (unbanned early) now. Returns how many ended.
pub async fn sync_ends(db: &DatabaseConnection, reader: &Fail2banDb) -> ServiceResult<usize> {
    let now = crate::time::now();
    let open = ban_history::Entity::find()
        .filter(ban_history::Column::Kind.eq("BAN"))
        .filter(ban_history::Column::EndedAt.is_null())
        .all(db)
        .await?;
    if open.is_empty() {
        return Ok(0);
    }
    // Addresses fail2ban still bans; when its database cannot be read, only
    // expiries are recorded.
    let held: Option<HashSet<(String, String)>> = reader
        .current_bans(None, now)
        .await
        .ok()
        .map(|rows| rows.into_iter().map(|r| (r.jail, r.ip)).collect());
    let mut ended = 0;
    for ban in open {
        let at = match ban.expires_at {
            Some(expiry) if expiry <= now => expiry,
            _ => match &held {
                Some(held) if !held.contains(&(ban.jail.clone(), ban.ip.clone())) => now,
                _ => continue,
            },
        };
        archive::record_unban(
            db,
            &ban.jail,
            &ban.ip,
            at,
            Origin::parse(&ban.origin).unwrap_or(Origin::Fail2ban),
        )
        .await?;
        ended += 1;
    }
    Ok(ended)
}

/// One whole sync step.
pub async fn step(
    db: &DatabaseConnection,
    reader: &Fail2banDb,
    geo: &Geo,
) -> ServiceResult<SyncStep> {
    let (read, archived) = sync_new_bans(db, reader, geo, BATCH).await?;
    let ended = sync_ends(db, reader).await?;
    Ok(SyncStep {
        read,
        archived,
        ended,
    })
}
