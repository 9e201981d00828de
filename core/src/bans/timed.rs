//! Bans with a length of their own: fail2ban's `banip` takes none, so
//! BanGUI notes when each is due (`timed_unban`) and lifts it then, whether
//! or not it was restarted in between.

use entity::timed_unban;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use tracing::{info, warn};

use crate::archive::Origin;
use crate::db::retry_busy;
use crate::error::{ServiceError, ServiceResult};

/// Most bans lifted in one pass.
pub const BATCH: u64 = 500;

/// Notes that the bans of `ips` in `jail` on the host are to be lifted at `due_at`.
pub async fn schedule(
    db: &DatabaseConnection,
    host_id: i64,
    jail: &str,
    ips: &[String],
    due_at: i64,
) -> ServiceResult<()> {
    if ips.is_empty() {
        return Ok(());
    }
    let now = crate::time::now();
    let rows: Vec<timed_unban::ActiveModel> = ips
        .iter()
        .map(|ip| timed_unban::ActiveModel {
            jail: Set(jail.to_owned()),
            ip: Set(ip.clone()),
            due_at: Set(due_at),
            created_at: Set(now),
            host_id: Set(host_id),
            ..Default::default()
        })
        .collect();
    retry_busy(|| {
        timed_unban::Entity::insert_many(rows.clone())
            .on_conflict(
                OnConflict::columns([
                    timed_unban::Column::HostId,
                    timed_unban::Column::Jail,
                    timed_unban::Column::Ip,
                ])
                .update_columns([timed_unban::Column::DueAt, timed_unban::Column::CreatedAt])
                .to_owned(),
            )
            .exec(db)
    })
    .await?;
    Ok(())
}

/// Lifts the bans due by `now`, each on its host; returns how many were
/// lifted (a ban lifted already by someone else is just forgotten; one on a
/// host whose agent is not connected waits for the next pass).
pub async fn lift_due(
    hosts: &crate::hosts::Hosts,
    db: &DatabaseConnection,
    now: i64,
) -> ServiceResult<usize> {
    let due = timed_unban::Entity::find()
        .filter(timed_unban::Column::DueAt.lte(now))
        .order_by_asc(timed_unban::Column::DueAt)
        .limit(BATCH)
        .all(db)
        .await?;
    let mut lifted = 0;
    for row in due {
        let Some(fail2ban) = hosts.for_id(row.host_id).await? else {
            warn!(host_id = row.host_id, jail = %row.jail, ip = %row.ip, "a timed unban's host was removed; forgotten");
            retry_busy(|| timed_unban::Entity::delete_by_id(row.id).exec(db)).await?;
            continue;
        };
        match crate::validate::network(&row.ip) {
            Ok(target) => match fail2ban
                .unban_target(&row.jail, target, Origin::Manual)
                .await
            {
                Ok(true) => lifted += 1,
                Ok(false) | Err(ServiceError::NotFound(_)) => {}
                Err(ServiceError::HostUnavailable { host }) => {
                    info!(host = %host, jail = %row.jail, ip = %row.ip, "a timed unban waits for its host's agent");
                    continue;
                }
                Err(e) => return Err(e),
            },
            Err(_) => {
                warn!(jail = %row.jail, ip = %row.ip, "a timed unban holds no address; forgotten")
            }
        }
        retry_busy(|| timed_unban::Entity::delete_by_id(row.id).exec(db)).await?;
    }
    if lifted > 0 {
        info!(lifted, "bans lifted at the end of their own length");
    }
    Ok(lifted)
}
