//! Builders of rows tests often need, with every column set.

use entity::import_run;
use entity::kinds::ImportStatus;
use sea_orm::ActiveValue::Set;

/// A completed run of `source`, created at `created_at`, that took `secs`
/// seconds when given (no start or finish otherwise), with zero counters.
pub fn completed_run(source: i64, created_at: i64, secs: Option<i64>) -> import_run::ActiveModel {
    import_run::ActiveModel {
        source_id: Set(source),
        status: Set(ImportStatus::Completed),
        dry_run: Set(false),
        created_at: Set(created_at),
        started_at: Set(secs.map(|_| created_at)),
        finished_at: Set(secs.map(|s| created_at + s)),
        downloaded_bytes: Set(0),
        parsed_lines: Set(0),
        valid_ips: Set(0),
        new_bans: Set(0),
        already_banned: Set(0),
        skipped: Set(0),
        invalid_lines: Set(0),
        unbanned: Set(0),
        ..Default::default()
    }
}
