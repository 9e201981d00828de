//! Writes to the ban archive (`ban_history`); idempotent through its unique key.
//! [`record_bans`] is the one writer of ban rows: it keeps the pre-aggregated
//! counts of each batch it writes (`rollups`).

mod counts;
pub mod retention;
mod rollups;
pub use counts::count_by_jail_and_origin;

use entity::ban_history;
pub use entity::host::LOCAL_HOST_ID;
pub use entity::kinds::{EventKind, Origin};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, Statement, sea_query::Expr,
};

use crate::db::retry_busy;
use crate::error::ServiceResult;

/// A ban to archive.
#[derive(Clone, Debug)]
pub struct NewBan {
    pub ip: String,
    pub jail: String,
    pub banned_at: i64,
    pub ban_time: i64,
    pub ban_count: i32,
    pub origin: Origin,
    pub source_id: Option<i64>,
    pub country_code: Option<String>,
    /// The host whose fail2ban holds it.
    pub host_id: i64,
}

/// Values per row of [`INSERT_NEW`].
const COLUMNS: usize = 13;

/// Rows per INSERT statement (13 values each, well under either backend's
/// bound-parameter limit).
const INSERT_CHUNK: usize = 1_000;

/// Bans written in one transaction, their rollups updated once for all.
pub const BATCH: usize = 10_000;

/// A ban written by BanGUI (manual, blocklist) and the row fail2ban writes for it
/// (read by the sync) are one ban when both are open and their times this close:
/// BanGUI takes its time before sending `banip`, fail2ban when it gets to each
/// address of the command.
pub const SAME_BAN_SECS: i64 = 60;

/// The archive's unique event key.
fn event_key() -> [ban_history::Column; 5] {
    [
        ban_history::Column::Jail,
        ban_history::Column::Ip,
        ban_history::Column::BannedAt,
        ban_history::Column::Kind,
        ban_history::Column::HostId,
    ]
}

/// Inserts the bans not archived yet: neither the same event (the unique key)
/// nor an open ban of the address in the jail on the same host within
/// [`SAME_BAN_SECS`], whoever wrote it. The check is a short range of the unique
/// key's index `(jail, ip, banned_at, kind, host_id)`, however many bans the
/// address has.
const INSERT_NEW: &str = "
WITH new_ban (kind, ip, ip_key, jail, at, banned_at, ban_time, expires_at, ban_count,
              origin, source_id, country_code, host_id) AS (VALUES {values})
INSERT INTO ban_history (kind, ip, ip_key, jail, at, banned_at, ban_time, expires_at,
                         ban_count, origin, source_id, country_code, host_id)
SELECT kind, ip, ip_key, jail, at, banned_at, ban_time, expires_at, ban_count,
       origin, source_id, country_code, host_id
  FROM new_ban n
 WHERE NOT EXISTS (
   SELECT 1 FROM ban_history h{by_key}
    WHERE h.jail = n.jail AND h.ip = n.ip
      AND h.banned_at BETWEEN n.banned_at - {same} AND n.banned_at + {same}
      AND h.kind = '{ban}' AND h.host_id = n.host_id
      AND (h.banned_at = n.banned_at OR h.ended_at IS NULL){fence})
ON CONFLICT (jail, ip, banned_at, kind, host_id) DO NOTHING";

/// Keeps PostgreSQL from turning a per-row check into a join: `OFFSET 0` makes a
/// subquery run for each row, a short range of an index, whatever the planner's
/// statistics say (during a bulk load they lag and a join would scan the table
/// for every statement). SQLite always runs correlated subqueries per row.
fn fence(backend: DatabaseBackend) -> &'static str {
    match backend {
        DatabaseBackend::Postgres => " OFFSET 0",
        _ => "",
    }
}

/// Makes SQLite read the per-ban checks from the unique key's index. Given the
/// check's `OR`, its planner otherwise picks the index of kind and time and
/// walks every ban within a minute of the new one: all of a big import's bans,
/// which share their time, for each of them.
fn by_key(backend: DatabaseBackend) -> &'static str {
    match backend {
        DatabaseBackend::Postgres => "",
        _ => " INDEXED BY ux_ban_history_event",
    }
}

fn values(bans: &[NewBan]) -> Vec<sea_orm::Value> {
    let mut out = Vec::with_capacity(bans.len() * COLUMNS);
    for ban in bans {
        out.extend([
            EventKind::Ban.as_str().into(),
            ban.ip.clone().into(),
            crate::net::key_of(&ban.ip).into(),
            ban.jail.clone().into(),
            ban.banned_at.into(),
            ban.banned_at.into(),
            ban.ban_time.into(),
            (ban.ban_time >= 0)
                .then(|| ban.banned_at.saturating_add(ban.ban_time))
                .into(),
            ban.ban_count.into(),
            ban.origin.as_str().into(),
            ban.source_id.into(),
            ban.country_code.clone().into(),
            ban.host_id.into(),
        ]);
    }
    out
}

/// Placeholder number `n` (from 1): `$n` on PostgreSQL; on SQLite an unnumbered
/// `?`, so every statement here lists its values in the order they appear.
/// (For each numbered parameter SQLite's driver asks its name, a search through
/// every name: thousands of numbered values made a statement cost quadratic
/// time in their number.)
fn mark(backend: DatabaseBackend, n: usize) -> String {
    match backend {
        DatabaseBackend::Postgres => format!("${n}"),
        _ => "?".to_owned(),
    }
}

/// The placeholders of `rows` rows of `columns` values: `(?1, ?2), (?3, ?4)`.
fn placeholders(backend: DatabaseBackend, rows: usize, columns: usize) -> String {
    (0..rows)
        .map(|row| {
            let marks: Vec<String> = (1..=columns)
                .map(|column| mark(backend, row * columns + column))
                .collect();
            format!("({})", marks.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Archives bans once each and returns how many were new; a ban archived already, by the same writer or by
/// another (the sync and the one who banned), is left as it is, except that a
/// ban first archived from fail2ban's database takes the origin and source of
/// the BanGUI writer that caused it. Each [`BATCH`] of bans is one
/// transaction that also brings every rollup up to date.
pub async fn record_bans(db: &DatabaseConnection, bans: &[NewBan]) -> ServiceResult<u64> {
    let backend = db.get_database_backend();
    let mut inserted = 0;
    for batch in bans.chunks(BATCH) {
        let inserts: Vec<Statement> = batch
            .chunks(INSERT_CHUNK)
            .map(|chunk| {
                // Only placeholders and BanGUI's own constants are formatted in.
                let sql = INSERT_NEW
                    .replace("{ban}", EventKind::Ban.as_str())
                    .replace("{values}", &placeholders(backend, chunk.len(), COLUMNS))
                    .replace("{same}", &SAME_BAN_SECS.to_string())
                    .replace("{fence}", fence(backend))
                    .replace("{by_key}", by_key(backend));
                Statement::from_sql_and_values(backend, sql, values(chunk))
            })
            .collect();
        inserted += retry_busy(|| async {
            let txn = crate::db::begin_write(db).await?;
            if backend == DatabaseBackend::Postgres {
                // Another writer's rows become visible to the check below, and
                // no other writer takes ids until this one commits.
                txn.execute_raw(Statement::from_sql_and_values(
                    backend,
                    "SELECT pg_advisory_xact_lock($1)",
                    [migration::ARCHIVE_LOCK_KEY.into()],
                ))
                .await?;
            }
            let sqlite = backend == DatabaseBackend::Sqlite;
            if sqlite {
                txn.execute_unprepared(crate::db::SQLITE_BATCH_CACHE)
                    .await?;
            }
            let written = async {
                let before = rollups::last_id(&txn).await?;
                let mut done = 0;
                for (insert, chunk) in inserts.iter().zip(batch.chunks(INSERT_CHUNK)) {
                    done += txn.execute_raw(insert.clone()).await?.rows_affected();
                    relabel(&txn, chunk).await?;
                }
                if done > 0 {
                    rollups::add(&txn, before).await?;
                }
                Ok::<_, sea_orm::DbErr>(done)
            }
            .await;
            if sqlite {
                // The pool's connection gets its usual cache back, whatever the outcome.
                let reset = txn.execute_unprepared(crate::db::SQLITE_CACHE).await;
                if written.is_ok() {
                    reset?;
                }
            }
            let done = written?;
            txn.commit().await?;
            Ok(done)
        })
        .await?;
    }
    Ok(inserted)
}

/// Gives the open ban first archived from fail2ban's database for each of these
/// bans (same jail and address, within [`SAME_BAN_SECS`]) the origin and source
/// of BanGUI's write: one short range of the unique key's index per ban. "Still
/// open" is written so that no index on `ended_at` can serve it: with statistics
/// that lag a bulk load, PostgreSQL would otherwise read every open ban per row.
const RELABEL: &str = "
WITH own_ban (jail, ip, banned_at, host_id) AS (VALUES {values})
UPDATE ban_history SET origin = {origin}, source_id = {source}
 WHERE id {in} (
   SELECT (SELECT h.id FROM ban_history h{by_key}
            WHERE h.jail = n.jail AND h.ip = n.ip
              AND h.banned_at BETWEEN n.banned_at - {same} AND n.banned_at + {same}
              AND h.kind = '{ban}' AND h.host_id = n.host_id AND h.origin = '{fail2ban}'
              AND COALESCE(h.ended_at, -1) = -1
            LIMIT 1)
     FROM own_ban n){end}";

/// Who wrote a ban: its origin and, for a blocklist, the source.
type Writer = (Origin, Option<i64>);

async fn relabel<C: ConnectionTrait>(db: &C, bans: &[NewBan]) -> Result<(), sea_orm::DbErr> {
    let mut groups: Vec<(Writer, Vec<&NewBan>)> = Vec::new();
    for ban in bans.iter().filter(|b| b.origin != Origin::Fail2ban) {
        let key = (ban.origin, ban.source_id);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, group)) => group.push(ban),
            None => groups.push((key, vec![ban])),
        }
    }
    let backend = db.get_database_backend();
    for ((origin, source_id), group) in groups {
        let n = group.len();
        let mut values: Vec<sea_orm::Value> = Vec::with_capacity(n * 4 + 2);
        for ban in &group {
            values.extend([
                ban.jail.clone().into(),
                ban.ip.clone().into(),
                ban.banned_at.into(),
                ban.host_id.into(),
            ]);
        }
        values.extend([origin.as_str().into(), source_id.into()]);
        // Only placeholders and BanGUI's own constants are formatted in.
        let sql = RELABEL
            .replace("{ban}", EventKind::Ban.as_str())
            .replace("{fail2ban}", Origin::Fail2ban.as_str())
            .replace("{values}", &placeholders(backend, n, 4))
            .replace("{origin}", &mark(backend, n * 4 + 1))
            .replace("{source}", &mark(backend, n * 4 + 2))
            .replace("{same}", &SAME_BAN_SECS.to_string())
            .replace("{by_key}", by_key(backend));
        // On PostgreSQL the ids are collected first and found by primary key,
        // never by a join the planner might pick on stale statistics.
        let sql = match backend {
            DatabaseBackend::Postgres => sql.replace("{in}", "= ANY (ARRAY").replace("{end}", ")"),
            _ => sql.replace("{in}", "IN").replace("{end}", ""),
        };
        db.execute_raw(Statement::from_sql_and_values(backend, sql, values))
            .await?;
    }
    Ok(())
}

/// Gives the open bans of `ips` in `jail` that started at `banned_at` (within
/// [`SAME_BAN_SECS`]) the reason and the person BanGUI banned them for.
pub async fn note_bans(
    db: &DatabaseConnection,
    host_id: i64,
    jail: &str,
    ips: &[String],
    banned_at: i64,
    reason: Option<&str>,
    banned_by: Option<&str>,
) -> ServiceResult<()> {
    for chunk in ips.chunks(INSERT_CHUNK) {
        retry_busy(|| {
            ban_history::Entity::update_many()
                .col_expr(
                    ban_history::Column::Reason,
                    Expr::value(reason.map(str::to_owned)),
                )
                .col_expr(
                    ban_history::Column::BannedBy,
                    Expr::value(banned_by.map(str::to_owned)),
                )
                .filter(ban_history::Column::Kind.eq(EventKind::Ban))
                .filter(ban_history::Column::HostId.eq(host_id))
                .filter(ban_history::Column::Jail.eq(jail))
                .filter(ban_history::Column::Ip.is_in(chunk.iter().cloned()))
                .filter(
                    ban_history::Column::BannedAt
                        .between(banned_at - SAME_BAN_SECS, banned_at + SAME_BAN_SECS),
                )
                .exec(db)
        })
        .await?;
    }
    Ok(())
}

/// Archives the end of the newest open ban of `ip` in `jail` on the host, at `at`.
pub async fn record_unban(
    db: &DatabaseConnection,
    host_id: i64,
    jail: &str,
    ip: &str,
    at: i64,
    origin: Origin,
) -> ServiceResult<()> {
    let open = ban_history::Entity::find()
        .filter(ban_history::Column::Kind.eq(EventKind::Ban))
        .filter(ban_history::Column::HostId.eq(host_id))
        .filter(ban_history::Column::Jail.eq(jail))
        .filter(ban_history::Column::Ip.eq(ip))
        .filter(ban_history::Column::EndedAt.is_null())
        .order_by_desc(ban_history::Column::BannedAt)
        .one(db)
        .await?;
    end_ban(db, host_id, jail, ip, open.as_ref(), at, origin).await
}

/// Ends the open ban `open` (when there is one) at `at` and records the unban
/// of `ip` in `jail` as an event.
pub async fn end_ban(
    db: &DatabaseConnection,
    host_id: i64,
    jail: &str,
    ip: &str,
    open: Option<&ban_history::Model>,
    at: i64,
    origin: Origin,
) -> ServiceResult<()> {
    let (banned_at, ban_time, ban_count, country) = match open {
        Some(ban) => (
            ban.banned_at,
            ban.ban_time,
            ban.ban_count,
            ban.country_code.clone(),
        ),
        None => (at, 0, 1, None),
    };
    if let Some(ban) = open {
        retry_busy(|| {
            ban_history::Entity::update_many()
                .col_expr(
                    ban_history::Column::EndedAt,
                    sea_orm::sea_query::Expr::value(at),
                )
                .filter(ban_history::Column::Id.eq(ban.id))
                .exec(db)
        })
        .await?;
    }
    let row = ban_history::ActiveModel {
        kind: Set(EventKind::Unban),
        ip: Set(ip.to_owned()),
        ip_key: Set(crate::net::key_of(ip)),
        jail: Set(jail.to_owned()),
        at: Set(at),
        banned_at: Set(banned_at),
        ban_time: Set(ban_time),
        expires_at: Set(None),
        ban_count: Set(ban_count),
        origin: Set(origin),
        source_id: Set(None),
        country_code: Set(country),
        ended_at: Set(Some(at)),
        host_id: Set(host_id),
        ..Default::default()
    };
    retry_busy(|| {
        ban_history::Entity::insert(row.clone())
            .on_conflict_do_nothing_on(event_key())
            .exec(db)
    })
    .await?;
    Ok(())
}
