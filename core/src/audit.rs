//! The audit log: who did what to which target, and how it ended.

use entity::audit_log;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use tracing::warn;

use crate::actor::Actor;
use crate::db::retry_busy;
use crate::error::{ServiceError, ServiceResult};
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

/// Writes each action's audit entry from the action's own typed outcome, and
/// reads the log. Held by the services that act for people.
#[derive(Clone)]
pub struct Auditor {
    db: DatabaseConnection,
}

/// Most entries one page of the log holds.
pub const MAX_PAGE: i64 = 500;
/// Entries a page holds when the caller does not say.
pub const DEFAULT_PAGE: i64 = 50;

impl Auditor {
    pub fn new(db: DatabaseConnection) -> Auditor {
        Auditor { db }
    }

    /// Records that `actor` did `action` to `target` with this `outcome`
    /// (`ok`, or the error's code) and these `details`.
    pub async fn record<T>(
        &self,
        actor: &Actor,
        action: &str,
        target: Option<String>,
        outcome: &ServiceResult<T>,
        details: Option<serde_json::Value>,
    ) {
        let outcome = match outcome {
            Ok(_) => "ok",
            Err(e) => e.code().as_str(),
        };
        record(
            &self.db,
            AuditEntry {
                actor,
                action,
                target,
                outcome,
                details,
            },
        )
        .await;
    }

    /// The newest `first` entries (50 when `None`, at most 500), older than
    /// the entry `after` when given.
    pub async fn page(
        &self,
        first: Option<i64>,
        after: Option<&str>,
    ) -> ServiceResult<Vec<audit_log::Model>> {
        let first = first.unwrap_or(DEFAULT_PAGE);
        if !(0..=MAX_PAGE).contains(&first) {
            return Err(ServiceError::BadInput(format!(
                "first must be between 0 and {MAX_PAGE}"
            )));
        }
        let mut query = audit_log::Entity::find().order_by_desc(audit_log::Column::Id);
        if let Some(after) = after {
            let id: i64 = after
                .parse()
                .map_err(|_| ServiceError::BadInput(format!("invalid cursor {after:?}")))?;
            query = query.filter(audit_log::Column::Id.lt(id));
        }
        Ok(query
            .limit(u64::try_from(first).unwrap_or(0))
            .all(&self.db)
            .await?)
    }
}

/// What a change changed, for an entry's details: `{"field": {"old": …,
/// "new": …}}` for each field whose value differs; `None` when none does.
pub fn changes(
    fields: impl IntoIterator<Item = (&'static str, serde_json::Value, serde_json::Value)>,
) -> Option<serde_json::Value> {
    let changed: serde_json::Map<String, serde_json::Value> = fields
        .into_iter()
        .filter(|(_, old, new)| old != new)
        .map(|(name, old, new)| {
            (
                name.to_owned(),
                serde_json::json!({ "old": old, "new": new }),
            )
        })
        .collect();
    (!changed.is_empty()).then_some(serde_json::Value::Object(changed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn changes_name_only_what_differs() {
        assert_eq!(
            changes([
                ("banTime", json!(600), json!(3600)),
                ("maxRetry", json!(5), json!(5)),
            ]),
            Some(json!({ "banTime": { "old": 600, "new": 3600 } }))
        );
        assert_eq!(changes([("maxRetry", json!(5), json!(5))]), None);
    }
}
