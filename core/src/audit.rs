//! The audit log: who did what to which target, and how it ended.

use entity::audit_log;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use tracing::warn;

use crate::actor::Actor;
use crate::db::retry_busy;
use crate::error::ServiceResult;
use crate::validate::clip;

/// One audit entry to write.
#[derive(Debug)]
pub struct AuditEntry<'a> {
    pub actor: &'a Actor,
    pub action: &'a str,
    pub target: Option<String>,
    /// `ok` or an error code.
    pub outcome: &'a str,
    pub details: Option<serde_json::Value>,
}

/// Longest actor name stored, in bytes.
pub const MAX_ACTOR: usize = 64;
/// Longest target stored, in bytes; longer ones are cut and marked with "…".
pub const MAX_TARGET: usize = 256;
/// Longest details stored (JSON text), in bytes.
pub const MAX_DETAILS: usize = 4_096;
/// Most entries kept; the housekeeping job removes the oldest past it.
pub const MAX_ROWS: u64 = 100_000;

/// Writes an entry, every string within its maximum. A failure is logged,
/// never raised: the action already happened.
pub async fn record(db: &DatabaseConnection, entry: AuditEntry<'_>) {
    let details = entry.details.as_ref().map(ToString::to_string).map(|d| {
        if d.len() <= MAX_DETAILS {
            d
        } else {
            r#"{"truncated":true}"#.to_owned()
        }
    });
    let row = audit_log::ActiveModel {
        at: Set(crate::time::now()),
        actor: Set(clip(&entry.actor.name, MAX_ACTOR)),
        action: Set(clip(entry.action, MAX_ACTOR)),
        target: Set(entry.target.as_deref().map(|t| clip(t, MAX_TARGET))),
        outcome: Set(clip(entry.outcome, MAX_ACTOR)),
        details: Set(details),
        ..Default::default()
    };
    let written = retry_busy(|| audit_log::Entity::insert(row.clone()).exec(db)).await;
    if let Err(e) = written {
        warn!(action = entry.action, error = %e, "audit entry could not be written");
    }
}

/// Removes the oldest entries past [`MAX_ROWS`]; returns how many.
pub async fn prune(db: &DatabaseConnection) -> ServiceResult<u64> {
    let newest_dropped: Option<i64> = audit_log::Entity::find()
        .select_only()
        .column(audit_log::Column::Id)
        .order_by_desc(audit_log::Column::Id)
        .offset(MAX_ROWS)
        .limit(1)
        .into_tuple()
        .one(db)
        .await?;
    let Some(id) = newest_dropped else {
        return Ok(0);
    };
    let done = retry_busy(|| {
        audit_log::Entity::delete_many()
            .filter(audit_log::Column::Id.lte(id))
            .exec(db)
    })
    .await?;
    Ok(done.rows_affected)
}
