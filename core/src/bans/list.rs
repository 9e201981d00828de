//! Listing bans: from BanGUI's archive (keyset pages over `ban_history`) or from
//! fail2ban's own database (bans in force now).

use bangui_fail2ban::db::{BanReads, BanRow};
use entity::ban_history;
use ipnet::IpNet;
use sea_orm::sea_query::{Condition, Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Select,
};

use crate::archive::Origin;
use crate::error::ServiceResult;
use crate::pagination::{self, Page, PageRequest};
use crate::{net, validate};

/// Where bans are read from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Source {
    /// BanGUI's long-term archive.
    #[default]
    Archive,
    /// fail2ban's own database: the bans in force now.
    Fail2ban,
}

/// Which bans to list.
#[derive(Clone, Debug, Default)]
pub struct BanFilter {
    pub jail: Option<String>,
    /// An address or a CIDR network.
    pub ip: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    pub origin: Option<Origin>,
    pub since: Option<i64>,
    pub until: Option<i64>,
    pub active_only: bool,
    pub source: Source,
    /// Only bans on this host (`host.id`); every host's when `None`.
    pub host_id: Option<i64>,
}

/// One ban, whichever source it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BanRecord {
    pub id: String,
    pub ip: String,
    pub jail: String,
    pub banned_at: i64,
    /// Seconds; -1 when permanent.
    pub ban_time: i64,
    pub expires_at: Option<i64>,
    pub ban_count: i64,
    pub active: bool,
    pub origin: Origin,
    pub country_code: Option<String>,
    /// Why it was banned, when someone banned it through BanGUI.
    pub reason: Option<String>,
    /// Who banned it through BanGUI.
    pub banned_by: Option<String>,
    /// The blocklist source of a `BLOCKLIST` ban.
    pub source_id: Option<i64>,
    /// The host whose fail2ban holds it.
    pub host_id: i64,
}

/// A validated filter, ready to apply.
struct Checked {
    jail: Option<String>,
    net: Option<IpNet>,
    country: Option<String>,
    origin: Option<Origin>,
    since: Option<i64>,
    until: Option<i64>,
    active_only: bool,
    host_id: Option<i64>,
}

fn check(filter: &BanFilter) -> ServiceResult<Checked> {
    if let Some(jail) = &filter.jail {
        validate::jail_name(jail)?;
    }
    let country = filter
        .country
        .as_deref()
        .map(|c| {
            let c = c.trim().to_ascii_uppercase();
            if c.len() == 2 && c.chars().all(|ch| ch.is_ascii_uppercase()) {
                Ok(c)
            } else {
                Err(crate::ServiceError::BadInput(format!(
                    "{c:?} is not an ISO 3166-1 alpha-2 country code"
                )))
            }
        })
        .transpose()?;
    Ok(Checked {
        jail: filter.jail.clone(),
        net: filter.ip.as_deref().map(validate::network).transpose()?,
        country,
        origin: filter.origin,
        since: filter.since,
        until: filter.until,
        active_only: filter.active_only,
        host_id: filter.host_id,
    })
}

/// A host's fail2ban database: where the bans in force are read from.
#[derive(Clone, Copy)]
pub struct Live<'a> {
    pub reads: &'a dyn BanReads,
    pub host_id: i64,
}

/// Lists one page of bans, newest first; the bans in force are those of
/// every fail2ban database of `live`.
pub async fn list(
    db: &DatabaseConnection,
    live: &[Live<'_>],
    filter: &BanFilter,
    page: &PageRequest,
) -> ServiceResult<Page<BanRecord>> {
    let checked = check(filter)?;
    match filter.source {
        Source::Archive => list_archive(db, &checked, page).await,
        Source::Fail2ban => list_live(live, &checked, page).await,
    }
}

/// Counts the bans matching the filter.
pub async fn count(
    db: &DatabaseConnection,
    live: &[Live<'_>],
    filter: &BanFilter,
) -> ServiceResult<u64> {
    let checked = check(filter)?;
    match filter.source {
        Source::Archive => Ok(archive_select(&checked, crate::time::now())
            .count(db)
            .await?),
        Source::Fail2ban => Ok(live_rows(live, &checked).await?.len() as u64),
    }
}

/// The archive query for a filter (source ignored), for aggregations.
pub fn archive_query(filter: &BanFilter, now: i64) -> ServiceResult<Select<ban_history::Entity>> {
    Ok(archive_select(&check(filter)?, now))
}

const ARCHIVE_CURSOR: &str = "ban";
const LIVE_CURSOR: &str = "live-ban";

fn archive_select(f: &Checked, now: i64) -> Select<ban_history::Entity> {
    use ban_history::Column as C;
    let mut q = ban_history::Entity::find().filter(C::Kind.eq(entity::kinds::EventKind::Ban));
    if let Some(jail) = &f.jail {
        q = q.filter(C::Jail.eq(jail.as_str()));
    }
    if let Some(host_id) = f.host_id {
        q = q.filter(C::HostId.eq(host_id));
    }
    if let Some(net) = f.net {
        let (lo, hi) = net::range(net);
        q = if lo == hi {
            q.filter(C::IpKey.eq(lo))
        } else {
            q.filter(C::IpKey.between(lo, hi))
        };
    }
    if let Some(country) = &f.country {
        q = q.filter(C::CountryCode.eq(country.as_str()));
    }
    if let Some(origin) = f.origin {
        q = q.filter(C::Origin.eq(origin));
    }
    if let Some(since) = f.since {
        q = q.filter(C::BannedAt.gte(since));
    }
    if let Some(until) = f.until {
        q = q.filter(C::BannedAt.lt(until));
    }
    if f.active_only {
        q = q.filter(C::EndedAt.is_null()).filter(
            Condition::any()
                .add(C::ExpiresAt.is_null())
                .add(C::ExpiresAt.gt(now)),
        );
    }
    q
}

/// `(banned_at, id)` strictly before (`older`) or after the key, in list order.
fn beyond(key: (i64, i64), older: bool) -> Condition {
    use ban_history::Column as C;
    // A row-value comparison: SQLite and PostgreSQL turn it into one index range,
    // where the equivalent OR of two conditions makes SQLite scan.
    let (at, id) = key;
    let row = Expr::tuple([
        Expr::col((ban_history::Entity, C::BannedAt)),
        Expr::col((ban_history::Entity, C::Id)),
    ]);
    let key = Expr::tuple([Expr::val(at), Expr::val(id)]);
    Condition::all().add(if older { row.lt(key) } else { row.gt(key) })
}

async fn list_archive(
    db: &DatabaseConnection,
    f: &Checked,
    page: &PageRequest,
) -> ServiceResult<Page<BanRecord>> {
    use ban_history::Column as C;
    let window = page.window::<(i64, i64)>(ARCHIVE_CURSOR)?;
    let now = crate::time::now();
    let mut q = archive_select(f, now);
    if let Some(after) = window.after {
        q = q.filter(beyond(after, true));
    }
    if let Some(before) = window.before {
        q = q.filter(beyond(before, false));
    }
    q = if window.backward {
        q.order_by_asc(C::BannedAt).order_by_asc(C::Id)
    } else {
        q.order_by_desc(C::BannedAt).order_by_desc(C::Id)
    };
    let rows = q
        .limit(window.limit + 1)
        .into_partial_model::<Listed>()
        .all(db)
        .await?;
    let keyed: Vec<(i64, i64, BanRecord)> = rows
        .into_iter()
        .map(|row| (row.banned_at, row.id, archive_record(row, now)))
        .collect();
    let page = window.page(keyed, |(at, id, _)| {
        pagination::encode(ARCHIVE_CURSOR, &(at, id))
    });
    Ok(Page {
        items: page
            .items
            .into_iter()
            .map(|(c, (_, _, r))| (c, r))
            .collect(),
        has_next: page.has_next,
        has_previous: page.has_previous,
    })
}

/// The columns of an archived ban that a listing shows.
#[derive(sea_orm::DerivePartialModel)]
#[sea_orm(entity = "ban_history::Entity")]
struct Listed {
    id: i64,
    ip: String,
    jail: String,
    banned_at: i64,
    ban_time: i64,
    expires_at: Option<i64>,
    ban_count: i32,
    origin: Origin,
    country_code: Option<String>,
    ended_at: Option<i64>,
    reason: Option<String>,
    banned_by: Option<String>,
    source_id: Option<i64>,
    host_id: i64,
}

fn archive_record(row: Listed, now: i64) -> BanRecord {
    BanRecord {
        id: row.id.to_string(),
        active: row.ended_at.is_none() && row.expires_at.is_none_or(|e| e > now),
        ip: row.ip,
        jail: row.jail,
        banned_at: row.banned_at,
        ban_time: row.ban_time,
        expires_at: row.expires_at,
        ban_count: row.ban_count.into(),
        origin: row.origin,
        country_code: row.country_code,
        reason: row.reason,
        banned_by: row.banned_by,
        source_id: row.source_id,
        host_id: row.host_id,
    }
}

/// The bans in force of every database of `live` that `f` selects, with
/// their host, newest first by (time, host, row).
async fn live_rows(live: &[Live<'_>], f: &Checked) -> ServiceResult<Vec<(i64, BanRow)>> {
    let now = crate::time::now();
    let read = live.iter().map(|l| async move {
        let rows = l.reads.current_bans(f.jail.as_deref(), now).await?;
        Ok::<_, crate::error::ServiceError>(rows.into_iter().map(move |r| (l.host_id, r)))
    });
    let mut rows: Vec<(i64, BanRow)> = Vec::new();
    for host_rows in futures::future::try_join_all(read).await? {
        rows.extend(host_rows.filter(|(_, r)| {
            f.net
                .is_none_or(|net| r.ip.parse::<std::net::IpAddr>().is_ok_and(|ip| net.contains(&ip)))
                && f.since.is_none_or(|s| r.time_of_ban >= s)
                && f.until.is_none_or(|u| r.time_of_ban < u)
                // Countries and origins are known to the archive only.
                && f.country.is_none()
                && f.origin.is_none_or(|o| o == Origin::Fail2ban)
        }));
    }
    rows.sort_unstable_by_key(|(host, r)| std::cmp::Reverse(live_key(*host, r)));
    Ok(rows)
}

/// A ban in force's place in the list.
fn live_key(host_id: i64, r: &BanRow) -> (i64, i64, i64) {
    (r.time_of_ban, host_id, r.rowid)
}

async fn list_live(
    live: &[Live<'_>],
    f: &Checked,
    page: &PageRequest,
) -> ServiceResult<Page<BanRecord>> {
    let window = page.window::<(i64, i64, i64)>(LIVE_CURSOR)?;
    let mut rows: Vec<(i64, BanRow)> = live_rows(live, f)
        .await?
        .into_iter()
        .filter(|(host, r)| {
            let key = live_key(*host, r);
            window.after.is_none_or(|a| key < a) && window.before.is_none_or(|b| key > b)
        })
        .collect();
    if window.backward {
        rows.reverse();
    }
    rows.truncate(window.limit as usize + 1);
    let page = window.page(rows, |(host, r)| {
        pagination::encode(LIVE_CURSOR, &live_key(*host, r))
    });
    Ok(Page {
        items: page
            .items
            .into_iter()
            .map(|(c, (host, r))| (c, live_record(r, host)))
            .collect(),
        has_next: page.has_next,
        has_previous: page.has_previous,
    })
}

pub(super) fn live_record(row: BanRow, host_id: i64) -> BanRecord {
    BanRecord {
        id: if host_id == crate::archive::LOCAL_HOST_ID {
            format!("fail2ban:{}:{}:{}", row.jail, row.ip, row.time_of_ban)
        } else {
            format!(
                "fail2ban@{host_id}:{}:{}:{}",
                row.jail, row.ip, row.time_of_ban
            )
        },
        expires_at: (row.ban_time >= 0).then(|| row.time_of_ban.saturating_add(row.ban_time)),
        active: true,
        ip: row.ip,
        jail: row.jail,
        banned_at: row.time_of_ban,
        ban_time: row.ban_time,
        ban_count: row.ban_count,
        origin: Origin::Fail2ban,
        country_code: None,
        reason: None,
        banned_by: None,
        source_id: None,
        host_id,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_filter_is_refused_with_a_reason() {
        let f = BanFilter {
            country: Some("Germany".into()),
            ..Default::default()
        };
        assert_eq!(
            check(&f).err().map(|e| e.to_string()),
            Some("\"GERMANY\" is not an ISO 3166-1 alpha-2 country code".to_owned())
        );
        let f = BanFilter {
            ip: Some("1.2.3".into()),
            ..Default::default()
        };
        assert!(check(&f).is_err());
    }
}
