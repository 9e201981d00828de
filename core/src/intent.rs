//! Ban intents: before BanGUI asks fail2ban to ban addresses it writes down
//! who is asking (a manual ban, a blocklist), and removes the note once it has
//! archived the bans itself. When the writer is interrupted in between (a
//! request timing out, a worker killed), the archive sync finds fail2ban's
//! copies of those bans and archives them under the noted origin, not as
//! fail2ban's own.

use std::collections::HashMap;

use entity::ban_intent;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect,
};

use crate::archive::{NewBan, Origin, SAME_BAN_SECS};
use crate::db::retry_busy;
use crate::error::ServiceResult;

/// Addresses per statement.
const CHUNK: usize = 500;
/// Intents older than this are forgotten by the housekeeping job: the bans
/// they announce are archived or never happened.
pub const FORGET_AFTER_SECS: i64 = 3_600;

/// Notes that `origin` (with `source_id`) is about to ban `ips` in `jail`.
pub async fn declare(
    db: &DatabaseConnection,
    jail: &str,
    ips: &[String],
    origin: Origin,
    source_id: Option<i64>,
) -> ServiceResult<()> {
    let now = crate::time::now();
    for chunk in ips.chunks(CHUNK) {
        let rows: Vec<ban_intent::ActiveModel> = chunk
            .iter()
            .map(|ip| ban_intent::ActiveModel {
                jail: Set(jail.to_owned()),
                ip: Set(ip.clone()),
                origin: Set(origin),
                source_id: Set(source_id),
                created_at: Set(now),
                ..Default::default()
            })
            .collect();
        retry_busy(|| ban_intent::Entity::insert_many(rows.clone()).exec(db)).await?;
    }
    Ok(())
}

/// Removes the notes on `ips` in `jail`: their bans are archived.
pub async fn settle(db: &DatabaseConnection, jail: &str, ips: &[String]) -> ServiceResult<()> {
    for chunk in ips.chunks(CHUNK) {
        retry_busy(|| {
            ban_intent::Entity::delete_many()
                .filter(ban_intent::Column::Jail.eq(jail))
                .filter(ban_intent::Column::Ip.is_in(chunk.iter().cloned()))
                .exec(db)
        })
        .await?;
    }
    Ok(())
}

/// Gives the bans read from fail2ban's database the origin noted for them
/// (same jail and address, noted within [`SAME_BAN_SECS`] of the ban) and
/// returns the notes used, which the caller [`forget`]s once the bans are
/// archived: a sync interrupted in between finds them again. One cheap look
/// when there are none.
pub async fn label(db: &DatabaseConnection, bans: &mut [NewBan]) -> ServiceResult<Vec<i64>> {
    let any = ban_intent::Entity::find()
        .select_only()
        .column(ban_intent::Column::Id)
        .limit(1)
        .into_tuple::<i64>()
        .one(db)
        .await?;
    if any.is_none() {
        return Ok(Vec::new());
    }
    let mut noted: HashMap<(String, String), ban_intent::Model> = HashMap::new();
    let ips: Vec<String> = bans.iter().map(|b| b.ip.clone()).collect();
    for chunk in ips.chunks(CHUNK) {
        let found = ban_intent::Entity::find()
            .filter(ban_intent::Column::Ip.is_in(chunk.iter().cloned()))
            .all(db)
            .await?;
        for intent in found {
            noted.insert((intent.jail.clone(), intent.ip.clone()), intent);
        }
    }
    let mut used: Vec<i64> = Vec::new();
    for ban in bans.iter_mut().filter(|b| b.origin == Origin::Fail2ban) {
        let Some(intent) = noted.get(&(ban.jail.clone(), ban.ip.clone())) else {
            continue;
        };
        if (ban.banned_at - intent.created_at).abs() > SAME_BAN_SECS {
            continue;
        }
        ban.origin = intent.origin;
        ban.source_id = intent.source_id;
        used.push(intent.id);
    }
    Ok(used)
}

/// Removes the notes `used` by [`label`], once their bans are archived.
pub async fn forget(db: &DatabaseConnection, used: &[i64]) -> ServiceResult<()> {
    for chunk in used.chunks(CHUNK) {
        retry_busy(|| {
            ban_intent::Entity::delete_many()
                .filter(ban_intent::Column::Id.is_in(chunk.iter().copied()))
                .exec(db)
        })
        .await?;
    }
    Ok(())
}

/// Forgets notes older than [`FORGET_AFTER_SECS`]; returns how many.
pub async fn prune(db: &DatabaseConnection, now: i64) -> ServiceResult<u64> {
    let done = retry_busy(|| {
        ban_intent::Entity::delete_many()
            .filter(ban_intent::Column::CreatedAt.lt(now - FORGET_AFTER_SECS))
            .exec(db)
    })
    .await?;
    Ok(done.rows_affected)
}
