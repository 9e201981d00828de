//! Writes to the ban archive (`ban_history`); idempotent through its unique key.

use entity::ban_history;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
};

use crate::db::retry_busy;
use crate::error::ServiceResult;

/// Who caused a ban, as the contract's `BanOrigin`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    Fail2ban,
    Manual,
    Blocklist,
}

impl Origin {
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Fail2ban => "FAIL2BAN",
            Origin::Manual => "MANUAL",
            Origin::Blocklist => "BLOCKLIST",
        }
    }

    pub fn parse(text: &str) -> Option<Origin> {
        match text {
            "FAIL2BAN" => Some(Origin::Fail2ban),
            "MANUAL" => Some(Origin::Manual),
            "BLOCKLIST" => Some(Origin::Blocklist),
            _ => None,
        }
    }
}

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
}

/// Rows per INSERT statement (well under SQLite's bound-parameter limit).
const INSERT_CHUNK: usize = 500;

fn ban_row(ban: &NewBan) -> ban_history::ActiveModel {
    ban_history::ActiveModel {
        kind: Set("BAN".to_owned()),
        ip: Set(ban.ip.clone()),
        ip_key: Set(crate::ipkey::key_of(&ban.ip)),
        jail: Set(ban.jail.clone()),
        at: Set(ban.banned_at),
        banned_at: Set(ban.banned_at),
        ban_time: Set(ban.ban_time),
        expires_at: Set((ban.ban_time >= 0).then(|| ban.banned_at.saturating_add(ban.ban_time))),
        ban_count: Set(ban.ban_count),
        origin: Set(ban.origin.as_str().to_owned()),
        source_id: Set(ban.source_id),
        country_code: Set(ban.country_code.clone()),
        ended_at: Set(None),
        ..Default::default()
    }
}

/// The archive's unique event key.
fn event_key() -> [ban_history::Column; 4] {
    [
        ban_history::Column::Jail,
        ban_history::Column::Ip,
        ban_history::Column::BannedAt,
        ban_history::Column::Kind,
    ]
}

/// Archives bans; rows already archived are left as they are.
pub async fn record_bans(db: &DatabaseConnection, bans: &[NewBan]) -> ServiceResult<()> {
    for chunk in bans.chunks(INSERT_CHUNK) {
        let rows: Vec<_> = chunk.iter().map(ban_row).collect();
        retry_busy(|| {
            ban_history::Entity::insert_many(rows.clone())
                .on_conflict_do_nothing_on(event_key())
                .exec(db)
        })
        .await?;
    }
    crate::events::written();
    Ok(())
}

/// Archives the end of the newest open ban of `ip` in `jail`, at `at`.
pub async fn record_unban(
    db: &DatabaseConnection,
    jail: &str,
    ip: &str,
    at: i64,
    origin: Origin,
) -> ServiceResult<()> {
    let open = ban_history::Entity::find()
        .filter(ban_history::Column::Kind.eq("BAN"))
        .filter(ban_history::Column::Jail.eq(jail))
        .filter(ban_history::Column::Ip.eq(ip))
        .filter(ban_history::Column::EndedAt.is_null())
        .order_by_desc(ban_history::Column::BannedAt)
        .one(db)
        .await?;
    let (banned_at, ban_time, ban_count, country) = match &open {
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
        kind: Set("UNBAN".to_owned()),
        ip: Set(ip.to_owned()),
        ip_key: Set(crate::ipkey::key_of(ip)),
        jail: Set(jail.to_owned()),
        at: Set(at),
        banned_at: Set(banned_at),
        ban_time: Set(ban_time),
        expires_at: Set(None),
        ban_count: Set(ban_count),
        origin: Set(origin.as_str().to_owned()),
        source_id: Set(None),
        country_code: Set(country),
        ended_at: Set(Some(at)),
        ..Default::default()
    };
    retry_busy(|| {
        ban_history::Entity::insert(row.clone())
            .on_conflict_do_nothing_on(event_key())
            .exec(db)
    })
    .await?;
    crate::events::written();
    Ok(())
}
