//! The queue of import runs. A run is created `PENDING` (on demand or when a
//! source is due), claimed by one worker (`RUNNING`, at most one per source
//! across instances), and ends `COMPLETED`, `FAILED` or `SKIPPED`. The
//! `import_run` rows are the queue: whichever instance's worker claims a run
//! runs it ([`super::run`]). A run whose heartbeat stops (its worker was
//! killed) is marked `FAILED`.

use entity::{blocklist_source, import_run};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use tracing::warn;

use crate::error::{ServiceError, ServiceResult};

pub use entity::kinds::ImportStatus;

/// A running import renews its heartbeat at least this often (see
/// [`super::run`]) and is taken for interrupted when it has not for this long.
pub const STALE_AFTER_SECS: i64 = 10;

pub async fn request(
    db: &DatabaseConnection,
    source_id: i64,
    dry_run: bool,
) -> ServiceResult<import_run::Model> {
    super::sources::get(db, source_id).await?;
    let txn = crate::db::begin_write(db).await?;
    let waiting = import_run::Entity::find()
        .filter(import_run::Column::SourceId.eq(source_id))
        .filter(import_run::Column::Status.eq(ImportStatus::Pending))
        .filter(import_run::Column::DryRun.eq(dry_run))
        .one(&txn)
        .await?;
    let run = match waiting {
        Some(run) => run,
        None => new_run(source_id, dry_run).insert(&txn).await?,
    };
    txn.commit().await?;
    Ok(run)
}

fn new_run(source_id: i64, dry_run: bool) -> import_run::ActiveModel {
    import_run::ActiveModel {
        source_id: Set(source_id),
        status: Set(ImportStatus::Pending),
        dry_run: Set(dry_run),
        created_at: Set(crate::time::now()),
        ..Default::default()
    }
}

pub async fn get(db: &DatabaseConnection, id: i64) -> ServiceResult<import_run::Model> {
    import_run::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("no import run with id {id}")))
}

/// The latest run of a source.
pub async fn last_of(
    db: &DatabaseConnection,
    source_id: i64,
) -> ServiceResult<Option<import_run::Model>> {
    Ok(import_run::Entity::find()
        .filter(import_run::Column::SourceId.eq(source_id))
        .order_by_desc(import_run::Column::Id)
        .one(db)
        .await?)
}

/// The latest run of each of these sources, in one query (a source without
/// runs is left out).
pub async fn last_of_many(
    db: &DatabaseConnection,
    source_ids: &[i64],
) -> ServiceResult<Vec<import_run::Model>> {
    use sea_orm::sea_query::{Expr, ExprTrait, Query};
    let latest = Query::select()
        .expr(Expr::col(import_run::Column::Id).max())
        .from(import_run::Entity)
        .and_where(import_run::Column::SourceId.is_in(source_ids.iter().copied()))
        .group_by_col(import_run::Column::SourceId)
        .to_owned();
    Ok(import_run::Entity::find()
        .filter(import_run::Column::Id.in_subquery(latest))
        .all(db)
        .await?)
}

/// Queues a run for every enabled source whose interval has passed since its
/// last scheduled or requested run and that has nothing waiting or running.
pub async fn schedule_due(db: &DatabaseConnection, now: i64) -> ServiceResult<usize> {
    let mut queued = 0;
    for source in super::sources::list(db).await? {
        if !source.enabled {
            continue;
        }
        let latest = import_run::Entity::find()
            .filter(import_run::Column::SourceId.eq(source.id))
            .filter(import_run::Column::DryRun.eq(false))
            .order_by_desc(import_run::Column::Id)
            .one(db)
            .await?;
        let due = match &latest {
            None => true,
            Some(run) if !run.status.is_finished() => false,
            Some(run) => run.created_at + i64::from(source.interval_minutes) * 60 <= now,
        };
        if due {
            request(db, source.id, false).await?;
            queued += 1;
        }
    }
    Ok(queued)
}

/// Marks runs whose worker stopped answering as failed.
pub async fn fail_interrupted(db: &DatabaseConnection, now: i64) -> ServiceResult<u64> {
    let done = import_run::Entity::update_many()
        .col_expr(
            import_run::Column::Status,
            Expr::value(ImportStatus::Failed),
        )
        .col_expr(import_run::Column::FinishedAt, Expr::value(now))
        .col_expr(
            import_run::Column::Error,
            Expr::value("interrupted: the worker stopped before the import finished"),
        )
        .filter(import_run::Column::Status.eq(ImportStatus::Running))
        .filter(
            Condition::any()
                .add(import_run::Column::HeartbeatAt.is_null())
                .add(import_run::Column::HeartbeatAt.lt(now - STALE_AFTER_SECS)),
        )
        .exec(db)
        .await?;
    if done.rows_affected > 0 {
        warn!(runs = done.rows_affected, "import runs interrupted");
    }
    Ok(done.rows_affected)
}

/// Claims the oldest waiting run whose source has no run in progress.
pub(super) async fn claim(
    db: &DatabaseConnection,
    now: i64,
) -> ServiceResult<Option<import_run::Model>> {
    let waiting = import_run::Entity::find()
        .filter(import_run::Column::Status.eq(ImportStatus::Pending))
        .order_by_asc(import_run::Column::Id)
        .limit(20)
        .all(db)
        .await?;
    for run in waiting {
        let txn = crate::db::begin_write(db).await?;
        // Serialises claims of one source between instances (SQLite writers are
        // serialised already).
        if txn.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
            blocklist_source::Entity::find_by_id(run.source_id)
                .lock_exclusive()
                .one(&txn)
                .await?;
        }
        let busy = import_run::Entity::find()
            .filter(import_run::Column::SourceId.eq(run.source_id))
            .filter(import_run::Column::Status.eq(ImportStatus::Running))
            .one(&txn)
            .await?
            .is_some();
        if busy {
            txn.rollback().await?;
            continue;
        }
        let claimed = import_run::Entity::update_many()
            .col_expr(
                import_run::Column::Status,
                Expr::value(ImportStatus::Running),
            )
            .col_expr(import_run::Column::StartedAt, Expr::value(now))
            .col_expr(import_run::Column::HeartbeatAt, Expr::value(now))
            .filter(import_run::Column::Id.eq(run.id))
            .filter(import_run::Column::Status.eq(ImportStatus::Pending))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        if claimed.rows_affected == 1 {
            return Ok(Some(get(db, run.id).await?));
        }
    }
    Ok(None)
}

const RUN_CURSOR: &str = "import-run";

/// A page of runs, newest first, of one source or of all.
pub async fn runs(
    db: &DatabaseConnection,
    source_id: Option<i64>,
    request: &crate::pagination::PageRequest,
) -> ServiceResult<crate::pagination::Page<import_run::Model>> {
    use import_run::Column as C;
    let window = request.window::<i64>(RUN_CURSOR)?;
    let mut query = import_run::Entity::find();
    if let Some(source) = source_id {
        query = query.filter(C::SourceId.eq(source));
    }
    if let Some(after) = window.after {
        query = query.filter(C::Id.lt(after));
    }
    if let Some(before) = window.before {
        query = query.filter(C::Id.gt(before));
    }
    query = if window.backward {
        query.order_by_asc(C::Id)
    } else {
        query.order_by_desc(C::Id)
    };
    let rows = query.limit(window.limit + 1).all(db).await?;
    Ok(window.page(rows, |run| crate::pagination::encode(RUN_CURSOR, &run.id)))
}

/// How many runs one source, or all, has had.
pub async fn count_runs(db: &DatabaseConnection, source_id: Option<i64>) -> ServiceResult<u64> {
    use sea_orm::PaginatorTrait;
    let mut query = import_run::Entity::find();
    if let Some(source) = source_id {
        query = query.filter(import_run::Column::SourceId.eq(source));
    }
    Ok(query.count(db).await?)
}

/// How long finished runs took: bucket counts for `bounds` (seconds, rising;
/// each run counted in the first bucket it fits, later ones in none), the
/// runs past the last bound, the sum of seconds and the number of runs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Durations {
    pub buckets: Vec<u64>,
    pub beyond: u64,
    pub sum_secs: i64,
    pub count: u64,
}

/// The durations of every run that started and finished, in one statement.
pub async fn durations(db: &DatabaseConnection, bounds: &[i64]) -> ServiceResult<Durations> {
    use sea_orm::{ConnectionTrait, Statement};
    let within: Vec<String> = bounds
        .iter()
        .enumerate()
        .map(|(i, b)| {
            format!("CAST(COALESCE(SUM(CASE WHEN finished_at - started_at <= {b} THEN 1 ELSE 0 END), 0) AS BIGINT) AS le{i}")
        })
        .collect();
    let sql = format!(
        "SELECT COUNT(*) AS n, CAST(COALESCE(SUM(finished_at - started_at), 0) AS BIGINT) AS total{}{}
           FROM import_run WHERE started_at IS NOT NULL AND finished_at IS NOT NULL",
        if within.is_empty() { "" } else { ", " },
        within.join(", ")
    );
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await?
        .ok_or_else(|| ServiceError::invariant("an aggregate returned no row"))?;
    let count = u64::try_from(row.try_get::<i64>("", "n")?).unwrap_or(0);
    let sum_secs = row.try_get::<i64>("", "total")?;
    let mut buckets = Vec::with_capacity(bounds.len());
    let mut below = 0u64;
    for i in 0..bounds.len() {
        let cumulative = u64::try_from(row.try_get::<i64>("", &format!("le{i}"))?).unwrap_or(0);
        buckets.push(cumulative.saturating_sub(below));
        below = cumulative;
    }
    Ok(Durations {
        buckets,
        beyond: count.saturating_sub(below),
        sum_secs,
        count,
    })
}
