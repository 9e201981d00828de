//! The archive's pre-aggregated counts for a batch of new bans, written in the
//! batch's own transaction: the bans are the rows after the highest id before
//! the batch (ids grow with every write; the writer holds the archive's write
//! lock), grouped once per table and added with one upsert each, in key
//! order. Deletes and country changes are kept by triggers.

use migration::BUCKET_SPANS;
use sea_orm::{ConnectionTrait, DatabaseBackend, DbErr, Statement};

/// The batch's rows, `h`, read by a range of ids. SQLite is told to use no
/// other index: with the kind's index it would read every ban of the archive
/// for each batch.
fn batch(backend: DatabaseBackend) -> &'static str {
    match backend {
        DatabaseBackend::Postgres => "ban_history h",
        _ => "ban_history h NOT INDEXED",
    }
}

/// The spans as a row source: `SELECT 3600 AS span UNION ALL SELECT …`.
fn spans() -> String {
    let rows: Vec<String> = BUCKET_SPANS
        .iter()
        .map(|span| format!("SELECT {span} AS span"))
        .collect();
    rows.join(" UNION ALL ")
}

/// Bans per bucket, jail and country.
const COUNT_BUCKETS: &str = "
INSERT INTO ban_count_bucket (span, start, jail, country_code, bans)
SELECT s.span, h.banned_at - (h.banned_at % s.span), h.jail, COALESCE(h.country_code, ''), COUNT(*)
  FROM {batch} CROSS JOIN ({spans}) s
 WHERE h.id > {after} AND h.kind = 'BAN'
 GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
ON CONFLICT (span, start, jail, country_code) DO UPDATE SET bans = ban_count_bucket.bans + excluded.bans";

/// Bans per bucket and host.
const HOST_BUCKETS: &str = "
INSERT INTO ban_host_bucket (span, start, host_id, bans)
SELECT s.span, h.banned_at - (h.banned_at % s.span), h.host_id, COUNT(*)
  FROM {batch} CROSS JOIN ({spans}) s
 WHERE h.id > {after} AND h.kind = 'BAN'
 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
ON CONFLICT (span, start, host_id) DO UPDATE SET bans = ban_host_bucket.bans + excluded.bans";

/// Bans per address, in its jail (`{jail}` = `h.jail`) or in all jails
/// (`''`); an address keeps its country unless the batch knows one.
const ADDRESSES: &str = "
INSERT INTO ban_ip_total (jail, ip, country_code, bans, first_banned_at, last_banned_at)
SELECT {jail}, h.ip, COALESCE(MAX(NULLIF(h.country_code, '')), ''), COUNT(*),
       MIN(h.banned_at), MAX(h.banned_at)
  FROM {batch}
 WHERE h.id > {after} AND h.kind = 'BAN'
 GROUP BY {group} ORDER BY {group}
ON CONFLICT (jail, ip) DO UPDATE SET
  bans = ban_ip_total.bans + excluded.bans,
  first_banned_at = {least}(ban_ip_total.first_banned_at, excluded.first_banned_at),
  last_banned_at = {greatest}(ban_ip_total.last_banned_at, excluded.last_banned_at),
  country_code = CASE WHEN excluded.country_code = '' THEN ban_ip_total.country_code
                      ELSE excluded.country_code END";

/// The highest ban id, before a batch is written.
pub(super) async fn last_id<C: ConnectionTrait>(db: &C) -> Result<i64, DbErr> {
    let backend = db.get_database_backend();
    let row = db
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT COALESCE(MAX(id), 0) AS id FROM ban_history",
        ))
        .await?;
    Ok(match row {
        Some(row) => row.try_get::<i64>("", "id")?,
        None => 0,
    })
}

/// Adds the bans written after id `after` to every rollup.
pub(super) async fn add<C: ConnectionTrait>(db: &C, after: i64) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let (least, greatest) = match backend {
        DatabaseBackend::Postgres => ("LEAST", "GREATEST"),
        _ => ("MIN", "MAX"),
    };
    let spans = spans();
    let addresses = ADDRESSES
        .replace("{least}", least)
        .replace("{greatest}", greatest);
    // Only BanGUI's own constants and an id it read are formatted in.
    for sql in [
        COUNT_BUCKETS.replace("{spans}", &spans),
        HOST_BUCKETS.replace("{spans}", &spans),
        addresses
            .replace("{jail}", "h.jail")
            .replace("{group}", "h.jail, h.ip"),
        addresses.replace("{jail}", "''").replace("{group}", "h.ip"),
    ] {
        let sql = sql
            .replace("{batch}", batch(backend))
            .replace("{after}", &after.to_string());
        db.execute_raw(Statement::from_string(backend, sql)).await?;
    }
    Ok(())
}
