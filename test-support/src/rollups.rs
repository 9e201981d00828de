//! The archive's pre-aggregated tables compared with a count of the bans
//! themselves: what tests and benchmarks run after writing bans, so that no
//! figure drifts from the rows it sums.

use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, Statement};

/// Each rollup as stored and as counted from `ban_history`; both sides list
/// the same columns in the same order.
const CHECKS: [(&str, &str, &str); 5] = [
    (
        "ban_count_bucket",
        "SELECT span, start, jail, country_code, bans FROM ban_count_bucket
          ORDER BY span, start, jail, country_code",
        "SELECT s.span, h.banned_at - (h.banned_at % s.span) AS start, h.jail,
                COALESCE(h.country_code, '') AS country_code, COUNT(*)
           FROM ban_history h,
                (SELECT 3600 AS span UNION ALL SELECT 86400 UNION ALL SELECT 2764800) s
          WHERE h.kind = 'BAN'
          GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4",
    ),
    (
        "ban_host_bucket",
        "SELECT span, start, host_id, bans FROM ban_host_bucket ORDER BY span, start, host_id",
        "SELECT s.span, h.banned_at - (h.banned_at % s.span) AS start, h.host_id, COUNT(*)
           FROM ban_history h,
                (SELECT 3600 AS span UNION ALL SELECT 86400 UNION ALL SELECT 2764800) s
          WHERE h.kind = 'BAN'
          GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
    ),
    (
        "ban_ip_total",
        "SELECT jail, ip, bans, first_banned_at, last_banned_at FROM ban_ip_total
          ORDER BY jail, ip",
        "SELECT jail, ip, COUNT(*), MIN(banned_at), MAX(banned_at) FROM (
           SELECT jail, ip, banned_at FROM ban_history WHERE kind = 'BAN'
           UNION ALL SELECT '', ip, banned_at FROM ban_history WHERE kind = 'BAN') b
          GROUP BY jail, ip ORDER BY jail, ip",
    ),
    (
        "ban_ip_total countries",
        // Rows whose country none of their bans has: none. (An address seen
        // with two countries may keep either.)
        "SELECT t.jail, t.ip, t.country_code FROM ban_ip_total t
          WHERE NOT EXISTS (
            SELECT 1 FROM ban_history h
             WHERE h.ip = t.ip AND h.kind = 'BAN' AND (t.jail = '' OR h.jail = t.jail)
               AND COALESCE(h.country_code, '') = t.country_code)
          ORDER BY t.jail, t.ip",
        "SELECT jail, ip, country_code FROM ban_ip_total WHERE FALSE",
    ),
    (
        "ban_ip_day",
        "SELECT jail, day, country_code, addresses FROM ban_ip_day
          ORDER BY jail, day, country_code",
        "SELECT jail, last_banned_at - (last_banned_at % 86400) AS day, country_code, COUNT(*)
           FROM ban_ip_total GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
    ),
];

/// Every row of `sql`, each as text.
async fn rows(db: &DatabaseConnection, sql: &str) -> Result<Vec<String>, DbErr> {
    let backend = db.get_database_backend();
    let rows = db
        .query_all_raw(Statement::from_string(backend, sql.to_owned()))
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let mut line = String::new();
        for i in 0.. {
            let value = if let Ok(v) = row.try_get_by_index::<i64>(i) {
                v.to_string()
            } else if let Ok(v) = row.try_get_by_index::<i32>(i) {
                v.to_string()
            } else if let Ok(v) = row.try_get_by_index::<String>(i) {
                v
            } else {
                break;
            };
            line.push_str(&value);
            line.push('|');
        }
        out.push(line);
    }
    Ok(out)
}

/// One rollup compared with the bans.
#[derive(Debug)]
pub struct Comparison {
    pub table: &'static str,
    /// Its rows as stored (for the countries check: the rows in error).
    pub rows: usize,
    /// Whether they equal the rows counted from the bans.
    pub exact: bool,
}

/// Every rollup compared with a count of the bans.
pub async fn compare(db: &DatabaseConnection) -> Result<Vec<Comparison>, DbErr> {
    let mut out = Vec::new();
    for (table, stored, counted) in CHECKS {
        let (stored, counted) = (rows(db, stored).await?, rows(db, counted).await?);
        out.push(Comparison {
            table,
            rows: stored.len(),
            exact: stored == counted,
        });
    }
    Ok(out)
}
