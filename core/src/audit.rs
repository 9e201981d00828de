//! The audit log: who did what to which target, and how it ended.

use entity::audit_log;
use sea_orm::{ActiveValue::Set, DatabaseConnection, EntityTrait};
use tracing::warn;

use crate::actor::Actor;
use crate::db::retry_busy;

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

/// Writes an entry. A failure is logged, never raised: the action already happened.
pub async fn record(db: &DatabaseConnection, entry: AuditEntry<'_>) {
    let row = audit_log::ActiveModel {
        at: Set(crate::time::now()),
        actor: Set(entry.actor.name.clone()),
        action: Set(entry.action.to_owned()),
        target: Set(entry.target.clone()),
        outcome: Set(entry.outcome.to_owned()),
        details: Set(entry.details.as_ref().map(ToString::to_string)),
        ..Default::default()
    };
    let written = retry_busy(|| audit_log::Entity::insert(row.clone()).exec(db)).await;
    if let Err(e) = written {
        warn!(action = entry.action, error = %e, "audit entry could not be written");
    }
}
