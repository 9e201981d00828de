//! Copies fail2ban's bans into the archive: new rows of fail2ban's `bans` table
//! (read incrementally by rowid, the cursor kept in `sync_state`), unbans (bans
//! that left fail2ban's current-ban table early) and expiries, all as events.
//!
//! Idempotent: the archive's unique key absorbs a row written twice, and the
//! cursor moves only after the rows are written, so a crash mid-batch repeats the
//! batch and loses nothing.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use futures::StreamExt;
use tracing::info;

use bangui_fail2ban::db::{BanReads, Fail2banDb};
use entity::{ban_history, sync_state};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

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
    let mut bans: Vec<NewBan> = rows
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
            host_id: crate::archive::LOCAL_HOST_ID,
        })
        .collect();
    // Bans BanGUI was interrupted before archiving keep the origin it noted;
    // bans BanGUI archived itself (manual, blocklist) are recognised by
    // `record_bans` and not archived twice.
    let noted = crate::intent::label(db, &mut bans).await?;
    let archived = archive::record_bans(db, &bans).await?;
    // Only now: a sync stopped before this line reads the same rows again
    // and finds their notes still there.
    crate::intent::forget(db, &noted).await?;
    set_cursor(db, last).await?;
    Ok((rows.len(), usize::try_from(archived).unwrap_or(usize::MAX)))
}

/// Open bans read per query while looking for ends.
const ENDS_PAGE: u64 = 1_000;

/// The archive's open bans (of every host).
fn open_bans() -> sea_orm::Select<ban_history::Entity> {
    ban_history::Entity::find()
        .filter(ban_history::Column::EndedAt.is_null())
        .filter(ban_history::Column::Kind.eq(entity::kinds::EventKind::Ban))
}

/// Records the end of archived bans: expired ones at their expiry, and ones
/// fail2ban no longer holds (unbanned early) now. Returns how many ended.
///
/// A tick costs what changed, not what is banned: expiries are a range of an
/// index, and fail2ban's current bans are compared with the archive's only
/// when fail2ban wrote to its database since the last tick, in the jails
/// whose counts differ.
pub async fn sync_ends(db: &DatabaseConnection, reader: &Fail2banDb) -> ServiceResult<usize> {
    let now = crate::time::now();
    let expired = end_expired(db, now).await?;
    let unbanned = sync_unbans(db, reader, archive::LOCAL_HOST_ID, now).await?;
    Ok(expired + unbanned)
}

/// Ends the open bans of a host that its fail2ban no longer holds, when its
/// database changed since the last look. Returns how many ended.
pub async fn sync_unbans(
    db: &DatabaseConnection,
    reader: &dyn BanReads,
    host_id: i64,
    now: i64,
) -> ServiceResult<usize> {
    match reader.changed().await {
        Ok(false) => Ok(0),
        // When fail2ban's database cannot be read, only expiries are recorded.
        Err(_) => Ok(0),
        Ok(true) => end_unbanned(db, reader, host_id, now).await,
    }
}

/// Ends every open ban whose expiry has passed, at its expiry.
async fn end_expired(db: &DatabaseConnection, now: i64) -> ServiceResult<usize> {
    let mut ended = 0;
    loop {
        let page = open_bans()
            .filter(ban_history::Column::ExpiresAt.lte(now))
            .order_by_asc(ban_history::Column::ExpiresAt)
            .order_by_asc(ban_history::Column::Id)
            .limit(ENDS_PAGE)
            .all(db)
            .await?;
        for ban in &page {
            let at = ban.expires_at.unwrap_or(now);
            end(db, ban, at).await?;
        }
        ended += page.len();
        if (page.len() as u64) < ENDS_PAGE {
            return Ok(ended);
        }
    }
}

/// Ends the open bans that fail2ban no longer holds. Only the jails where
/// fail2ban holds another number of bans than the archive has open are walked,
/// a page of open bans at a time. (While fail2ban still holds a ban whose
/// archived copy has ended, an unban in the same jail can balance the counts;
/// it is found once that ban ends in fail2ban too.)
async fn end_unbanned(
    db: &DatabaseConnection,
    reader: &dyn BanReads,
    host_id: i64,
    now: i64,
) -> ServiceResult<usize> {
    let Ok(held) = reader.count_current(now).await else {
        return Ok(0);
    };
    let in_force = || {
        open_bans()
            .filter(ban_history::Column::HostId.eq(host_id))
            .filter(
                sea_orm::Condition::any()
                    .add(ban_history::Column::ExpiresAt.is_null())
                    .add(ban_history::Column::ExpiresAt.gt(now)),
            )
    };
    let open: Vec<(String, i64)> = in_force()
        .select_only()
        .column(ban_history::Column::Jail)
        .column_as(ban_history::Column::Id.count(), "n")
        .group_by(ban_history::Column::Jail)
        .into_tuple()
        .all(db)
        .await?;
    let mut ended = 0;
    for (jail, n) in open {
        let held = held.get(&jail).copied().unwrap_or(0);
        if u64::try_from(n).unwrap_or(0) == held {
            continue;
        }
        // One pass over the jail's open bans, a thousand at a time, keeping
        // only the ids fail2ban no longer holds; they are ended after it.
        let mut gone: Vec<i64> = Vec::new();
        let mut open = in_force()
            .select_only()
            .column(ban_history::Column::Id)
            .column(ban_history::Column::Ip)
            .filter(ban_history::Column::Jail.eq(jail.as_str()))
            .into_tuple::<(i64, String)>()
            .stream(db)
            .await?;
        let mut page: Vec<(i64, String)> = Vec::with_capacity(ENDS_PAGE as usize);
        loop {
            let next = open.next().await.transpose()?;
            let done = next.is_none();
            page.extend(next);
            if page.len() < ENDS_PAGE as usize && !done {
                continue;
            }
            let ips: Vec<String> = page.iter().map(|(_, ip)| ip.clone()).collect();
            let Ok(still) = reader.banned_among(&jail, &ips, now).await else {
                return Ok(ended);
            };
            gone.extend(
                page.drain(..)
                    .filter(|(_, ip)| !still.contains(ip))
                    .map(|(id, _)| id),
            );
            if done {
                break;
            }
        }
        drop(open);
        for ids in gone.chunks(ENDS_PAGE as usize) {
            let bans = ban_history::Entity::find()
                .filter(ban_history::Column::Id.is_in(ids.iter().copied()))
                .all(db)
                .await?;
            for ban in &bans {
                end(db, ban, now).await?;
            }
            ended += bans.len();
        }
    }
    Ok(ended)
}

async fn end(db: &DatabaseConnection, ban: &ban_history::Model, at: i64) -> ServiceResult<()> {
    archive::end_ban(
        db,
        ban.host_id,
        &ban.jail,
        &ban.ip,
        Some(ban),
        at,
        ban.origin,
    )
    .await
}

/// How often, at most, a sync step compares fail2ban's current bans with the
/// archive's while fail2ban keeps writing (each comparison counts both sides).
pub const UNBAN_CHECK_EVERY: Duration = Duration::from_secs(60);

/// When the sync next compares fail2ban's current bans with the archive's:
/// every [`UNBAN_CHECK_EVERY`], or at the next step once an unban is reported
/// (by fail2ban's `bangui` action).
#[derive(Debug, Default)]
pub struct UnbanCheck {
    last: Mutex<Option<Instant>>,
    wanted: AtomicBool,
}

impl UnbanCheck {
    /// An unban happened: compare at the next step.
    pub fn want(&self) {
        self.wanted.store(true, Ordering::Relaxed);
    }

    /// Whether a comparison is due; if so, it counts as made now.
    fn due(&self) -> bool {
        let mut last = self
            .last
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let due = self.wanted.swap(false, Ordering::Relaxed)
            || last.is_none_or(|at| at.elapsed() >= UNBAN_CHECK_EVERY);
        if due {
            *last = Some(Instant::now());
        }
        due
    }
}

/// One whole sync step: fail2ban's new bans, the expiries, and when due (see
/// [`UnbanCheck`]) the bans fail2ban lifted early.
pub async fn step(
    db: &DatabaseConnection,
    reader: &Fail2banDb,
    geo: &Geo,
    unbans: &UnbanCheck,
) -> ServiceResult<SyncStep> {
    let (read, archived) = sync_new_bans(db, reader, geo, BATCH).await?;
    // While fail2ban's rows are still being caught up with, its counts
    // cannot match the archive's: only expiries are looked at.
    let ended = if read < BATCH as usize && unbans.due() {
        sync_ends(db, reader).await?
    } else {
        end_expired(db, crate::time::now()).await?
    };
    Ok(SyncStep {
        read,
        archived,
        ended,
    })
}
