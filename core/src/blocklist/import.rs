//! Import runs. A run is created `PENDING` (on demand or when a source is due),
//! claimed by one worker (`RUNNING`, at most one per source across instances),
//! and ends `COMPLETED`, `FAILED` or `SKIPPED` (list not modified, or the same
//! content as the last completed import). The `import_run` rows are the queue:
//! whichever instance's worker claims a run runs it.
//!
//! Idempotent: a run bans only what fail2ban does not hold already, and a content
//! hash is held by one run per source (UNIQUE(source_id, content_hash)), so the
//! same content is not imported twice. A run whose heartbeat stops (its worker
//! was killed) is marked `FAILED`; the next run of the same content takes the
//! hash over and bans what the interrupted one had not.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use entity::{blocklist_ip, blocklist_source, import_run};
use ipnet::IpNet;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};
use tracing::{info, instrument, warn};

use super::fetch::{Fetched, Fetcher, Validators};
use super::parse::{self, Entry};
use crate::archive::Origin;
use crate::error::{ServiceError, ServiceResult};
use crate::jails::{BAN_BATCH, Fail2banService};
use crate::validate;

pub use entity::kinds::ImportStatus;

/// A running import renews its heartbeat at least this often...
const HEARTBEAT: Duration = Duration::from_secs(2);
/// ...and is taken for interrupted when it has not for this long.
pub const STALE_AFTER_SECS: i64 = 10;
/// Each `banip` command should hold fail2ban's socket about this long, so the
/// GUI's own calls wait at most that behind an import.
const BATCH_TARGET: Duration = Duration::from_millis(800);
const FIRST_BATCH: usize = 50;
const MIN_BATCH: usize = 10;
/// Addresses of each kind a dry run lists.
const PREVIEW: usize = 100;
/// Rows per statement when recording provenance.
const CHUNK: usize = 500;

/// What a dry run found, stored on the run.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Preview {
    pub ban: Vec<String>,
    pub unban: Vec<String>,
}

/// Asks for a run of `source_id`; a run of the same kind still waiting is
/// returned instead of a second one.
pub async fn request(
    db: &DatabaseConnection,
    source_id: i64,
    dry_run: bool,
) -> ServiceResult<import_run::Model> {
    super::get(db, source_id).await?;
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
    for source in super::list(db).await? {
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
async fn claim(db: &DatabaseConnection, now: i64) -> ServiceResult<Option<import_run::Model>> {
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

/// Runs imports.
#[derive(Clone)]
pub struct Importer {
    pub db: DatabaseConnection,
    pub jails: Fail2banService,
    pub fetcher: Fetcher,
}

/// Why a run ended other than completed.
enum Stop {
    Skipped(Option<String>),
    Failed(String),
}

impl From<ServiceError> for Stop {
    fn from(e: ServiceError) -> Self {
        Stop::Failed(shown(&e))
    }
}

impl From<sea_orm::DbErr> for Stop {
    fn from(e: sea_orm::DbErr) -> Self {
        Stop::from(ServiceError::from(e))
    }
}

/// A failure as the run shows it to everyone who may read runs: no server
/// paths, no database details (those are logged here, once).
fn shown(e: &ServiceError) -> String {
    use bangui_fail2ban::Fail2banError;
    match e {
        ServiceError::Fail2ban(Fail2banError::Unavailable { .. }) => {
            "fail2ban is not reachable".to_owned()
        }
        ServiceError::Fail2banDb(_) => "fail2ban's database cannot be read".to_owned(),
        ServiceError::Db(_) | ServiceError::Internal(_) => {
            tracing::error!(error = %e, "import failed");
            "internal error (the server's log has the details)".to_owned()
        }
        _ => e.to_string(),
    }
}

/// The counters of a run as it goes.
#[derive(Default)]
struct Counters {
    downloaded_bytes: i64,
    parsed_lines: i64,
    valid_ips: i64,
    new_bans: i64,
    already_banned: i64,
    skipped: i64,
    invalid_lines: i64,
    unbanned: i64,
}

impl Importer {
    /// Runs waiting runs until none is left; returns how many ran.
    pub async fn run_waiting(&self) -> ServiceResult<usize> {
        let mut ran = 0;
        loop {
            let now = crate::time::now();
            fail_interrupted(&self.db, now).await?;
            let Some(run) = claim(&self.db, now).await? else {
                return Ok(ran);
            };
            self.execute(run).await?;
            ran += 1;
        }
    }

    /// Runs one claimed run to its end.
    #[instrument(skip_all, fields(run = run.id, source = run.source_id, dry_run = run.dry_run))]
    async fn execute(&self, run: import_run::Model) -> ServiceResult<()> {
        let mut counters = Counters::default();
        let outcome = self.work(&run, &mut counters).await;
        let (status, error) = match outcome {
            Ok(()) => (ImportStatus::Completed, None),
            Err(Stop::Skipped(why)) => (ImportStatus::Skipped, why),
            Err(Stop::Failed(why)) => (ImportStatus::Failed, Some(why)),
        };
        info!(
            status = status.as_str(),
            new_bans = counters.new_bans,
            already_banned = counters.already_banned,
            unbanned = counters.unbanned,
            "import run finished"
        );
        let mut row = counters.row(run.id);
        row.status = Set(status);
        row.error = Set(error);
        row.finished_at = Set(Some(crate::time::now()));
        row.update(&self.db).await?;
        Ok(())
    }

    async fn save(&self, run: i64, counters: &Counters) -> Result<(), Stop> {
        let mut row = counters.row(run);
        row.heartbeat_at = Set(Some(crate::time::now()));
        row.update(&self.db).await?;
        Ok(())
    }

    async fn work(&self, run: &import_run::Model, counters: &mut Counters) -> Result<(), Stop> {
        let source = super::get(&self.db, run.source_id).await?;
        let known = if run.dry_run {
            Validators::default()
        } else {
            Validators {
                etag: source.etag.clone(),
                last_modified: source.last_modified.clone(),
            }
        };
        let (bytes, validators) = match self.fetch(run.id, &source.url, &known).await? {
            Fetched::NotModified => {
                return Err(Stop::Skipped(Some(
                    "the list has not changed (HTTP 304)".into(),
                )));
            }
            Fetched::Body {
                bytes,
                downloaded,
                validators,
            } => {
                counters.downloaded_bytes = i64::try_from(downloaded).unwrap_or(i64::MAX);
                (bytes, validators)
            }
        };
        let hash = crate::digest::sha256_hex(&bytes);
        if !run.dry_run {
            self.take_hash(run, &hash).await?;
        }
        let parsed = parse::parse(&bytes);
        drop(bytes);
        counters.parsed_lines = parsed.lines as i64;
        counters.invalid_lines = parsed.invalid as i64;
        self.save(run.id, counters).await?;

        let ignored = self.never_banned(&source).await?;
        let (addresses, skipped) = bannable(parsed.entries, &ignored);
        counters.skipped = skipped as i64;
        counters.valid_ips = addresses.len() as i64;
        let banned: HashSet<IpNet> = self
            .jails
            .reader()
            .current_bans(Some(&source.jail), crate::time::now())
            .await
            .map_err(ServiceError::from)?
            .into_iter()
            .filter_map(|row| validate::network(&row.ip).ok())
            .collect();
        let (already, fresh): (Vec<IpNet>, Vec<IpNet>) =
            addresses.iter().partition(|t| banned.contains(t));
        counters.already_banned = already.len() as i64;
        let listed: HashSet<String> = addresses.iter().map(bangui_fail2ban::target).collect();
        let before = self.listed_before(source.id).await?;
        let left: Vec<String> = before
            .iter()
            .filter(|t| !listed.contains(*t))
            .cloned()
            .collect();
        let to_unban: Vec<IpNet> = if source.unban_removed {
            left.iter()
                .filter_map(|text| validate::network(text).ok())
                .filter(|t| banned.contains(t))
                .collect()
        } else {
            Vec::new()
        };

        if run.dry_run {
            counters.new_bans = fresh.len() as i64;
            counters.unbanned = to_unban.len() as i64;
            let preview = Preview {
                ban: fresh
                    .iter()
                    .take(PREVIEW)
                    .map(bangui_fail2ban::target)
                    .collect(),
                unban: to_unban
                    .iter()
                    .take(PREVIEW)
                    .map(bangui_fail2ban::target)
                    .collect(),
            };
            let mut row = counters.row(run.id);
            row.preview = Set(serde_json::to_string(&preview).ok());
            row.update(&self.db).await?;
            return Ok(());
        }

        self.save(run.id, counters).await?;
        self.ban(run.id, &source, &fresh, counters).await?;
        let arrived: Vec<IpNet> = addresses
            .iter()
            .filter(|t| !before.contains(&bangui_fail2ban::target(t)))
            .copied()
            .collect();
        record_listed(&self.db, source.id, &arrived).await?;
        for target in &to_unban {
            if self
                .jails
                .unban_target(&source.jail, *target, Origin::Blocklist)
                .await?
            {
                counters.unbanned += 1;
            }
        }
        if !left.is_empty() {
            for chunk in left.chunks(CHUNK) {
                blocklist_ip::Entity::delete_many()
                    .filter(blocklist_ip::Column::SourceId.eq(source.id))
                    .filter(blocklist_ip::Column::Ip.is_in(chunk.iter().cloned()))
                    .exec(&self.db)
                    .await?;
            }
        }
        let mut row: blocklist_source::ActiveModel = source.into();
        row.etag = Set(validators.etag);
        row.last_modified = Set(validators.last_modified);
        row.update(&self.db).await?;
        Ok(())
    }

    /// Downloads while keeping the run's heartbeat going.
    async fn fetch(&self, run: i64, url: &str, known: &Validators) -> Result<Fetched, Stop> {
        let download = self.fetcher.fetch(url, known);
        tokio::pin!(download);
        loop {
            tokio::select! {
                outcome = &mut download => {
                    return outcome.map_err(|e| Stop::Failed(e.to_string()));
                }
                () = tokio::time::sleep(HEARTBEAT) => {
                    import_run::Entity::update_many()
                        .col_expr(import_run::Column::HeartbeatAt, Expr::value(crate::time::now()))
                        .filter(import_run::Column::Id.eq(run))
                        .exec(&self.db)
                        .await?;
                }
            }
        }
    }

    /// Makes this run the holder of `hash`, or skips it when the last completed
    /// import of the source had the same content.
    async fn take_hash(&self, run: &import_run::Model, hash: &str) -> Result<(), Stop> {
        let last_completed = import_run::Entity::find()
            .filter(import_run::Column::SourceId.eq(run.source_id))
            .filter(import_run::Column::Status.eq(ImportStatus::Completed))
            .filter(import_run::Column::DryRun.eq(false))
            .order_by_desc(import_run::Column::Id)
            .one(&self.db)
            .await?;
        if let Some(previous) = last_completed
            && previous.content_hash.as_deref() == Some(hash)
        {
            return Err(Stop::Skipped(Some(format!(
                "same content as run {} (already imported)",
                previous.id
            ))));
        }
        // An older or interrupted run of the same content gives the hash up.
        let txn = crate::db::begin_write(&self.db).await?;
        import_run::Entity::update_many()
            .col_expr(
                import_run::Column::ContentHash,
                Expr::value(Option::<String>::None),
            )
            .filter(import_run::Column::SourceId.eq(run.source_id))
            .filter(import_run::Column::ContentHash.eq(hash))
            .filter(import_run::Column::Status.ne(ImportStatus::Running))
            .exec(&txn)
            .await?;
        let taken = import_run::Entity::update_many()
            .col_expr(import_run::Column::ContentHash, Expr::value(hash))
            .filter(import_run::Column::Id.eq(run.id))
            .exec(&txn)
            .await;
        match taken {
            Ok(_) => {
                txn.commit().await?;
                Ok(())
            }
            Err(e)
                if matches!(
                    e.sql_err(),
                    Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
                ) =>
            {
                txn.rollback().await?;
                Err(Stop::Skipped(Some(
                    "the same content is being imported by another run".into(),
                )))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The source's allowlist and the jail's ignore list.
    async fn never_banned(&self, source: &blocklist_source::Model) -> Result<Networks, Stop> {
        let mut networks: Vec<IpNet> = super::allowlist(source)
            .iter()
            .filter_map(|n| n.parse().ok())
            .collect();
        let ignore = self.jails.ignore_ips(&source.jail).await?;
        networks.extend(
            ignore
                .iter()
                .filter_map(|entry| validate::network(entry).ok()),
        );
        Ok(Networks(networks))
    }

    /// What the source listed last time.
    async fn listed_before(&self, source_id: i64) -> Result<HashSet<String>, Stop> {
        let before: Vec<String> = blocklist_ip::Entity::find()
            .select_only()
            .column(blocklist_ip::Column::Ip)
            .filter(blocklist_ip::Column::SourceId.eq(source_id))
            .into_tuple()
            .all(&self.db)
            .await?;
        Ok(before.into_iter().collect())
    }

    /// Bans in batches sized so that each `banip` holds fail2ban's socket for
    /// about [`BATCH_TARGET`].
    async fn ban(
        &self,
        run: i64,
        source: &blocklist_source::Model,
        fresh: &[IpNet],
        counters: &mut Counters,
    ) -> Result<(), Stop> {
        let mut size = FIRST_BATCH;
        let mut rest = fresh;
        while !rest.is_empty() {
            let (batch, tail) = rest.split_at(size.min(rest.len()));
            rest = tail;
            let started = Instant::now();
            let (banned, already) = self
                .jails
                .ban_targets(&source.jail, batch, Origin::Blocklist, Some(source.id))
                .await?;
            let per_address = started.elapsed().as_secs_f64() / batch.len() as f64;
            counters.new_bans += banned;
            counters.already_banned += already;
            self.save(run, counters).await?;
            if per_address > 0.0 {
                size = ((BATCH_TARGET.as_secs_f64() / per_address) as usize)
                    .clamp(MIN_BATCH, BAN_BATCH);
            }
        }
        Ok(())
    }
}

impl Counters {
    fn row(&self, id: i64) -> import_run::ActiveModel {
        import_run::ActiveModel {
            id: sea_orm::ActiveValue::Unchanged(id),
            downloaded_bytes: Set(self.downloaded_bytes),
            parsed_lines: Set(self.parsed_lines),
            valid_ips: Set(self.valid_ips),
            new_bans: Set(self.new_bans),
            already_banned: Set(self.already_banned),
            skipped: Set(self.skipped),
            invalid_lines: Set(self.invalid_lines),
            unbanned: Set(self.unbanned),
            ..Default::default()
        }
    }
}

/// Networks never to ban: a source's allowlist and its jail's ignore list.
pub struct Networks(pub Vec<IpNet>);

impl Networks {
    /// Whether any address of `target` is never to be banned.
    fn touches(&self, target: &IpNet) -> bool {
        self.0
            .iter()
            .any(|n| n.contains(target) || target.contains(n))
    }
}

/// The broadest networks a list may ban: an IPv4 /8, an IPv6 /16. A list
/// entry broader than that is taken for a mistake and left out.
pub const BROADEST_V4: u8 = 8;
pub const BROADEST_V6: u8 = 16;

/// What of a list may be banned, in list order (addresses as /32 or /128), and
/// how many entries were left out: private and reserved addresses or networks
/// touching them, networks broader than [`BROADEST_V4`] / [`BROADEST_V6`], and
/// anything touching `never`.
pub fn bannable(entries: Vec<Entry>, never: &Networks) -> (Vec<IpNet>, usize) {
    let listed = entries.len();
    let targets: Vec<IpNet> = entries
        .into_iter()
        .filter_map(|entry| match entry {
            Entry::Address(ip) if crate::geo::is_public(ip) => Some(IpNet::from(ip)),
            Entry::Network(net)
                if crate::geo::is_public_network(net)
                    && net.prefix_len()
                        >= match net {
                            IpNet::V4(_) => BROADEST_V4,
                            IpNet::V6(_) => BROADEST_V6,
                        } =>
            {
                Some(net)
            }
            _ => None,
        })
        .filter(|target| !never.touches(target))
        .collect();
    let skipped = listed - targets.len();
    (targets, skipped)
}

/// Rows per INSERT of provenance, and per transaction: short enough that other
/// writers (bans being archived meanwhile) never wait long on SQLite.
const LISTED_ROWS: usize = 2_000;
const LISTED_PER_TRANSACTION: usize = 50_000;

/// Records what the source lists now: inserts the entries that `arrived` since
/// the last import (provenance for `ipInfo`, and what `unbanRemoved` compares the
/// next list with) and marks every entry of the source as seen now. Entries that
/// left are deleted by the caller.
pub async fn record_listed(
    db: &DatabaseConnection,
    source_id: i64,
    arrived: &[IpNet],
) -> ServiceResult<()> {
    let now = crate::time::now();
    blocklist_ip::Entity::update_many()
        .col_expr(blocklist_ip::Column::LastSeenAt, Expr::value(now))
        .filter(blocklist_ip::Column::SourceId.eq(source_id))
        .exec(db)
        .await?;
    // In key order, each insert lands next to the previous one in both b-trees.
    let mut arrived: Vec<String> = arrived.iter().map(bangui_fail2ban::target).collect();
    arrived.sort_unstable();
    for group in arrived.chunks(LISTED_PER_TRANSACTION) {
        let txn = crate::db::begin_write(db).await?;
        for chunk in group.chunks(LISTED_ROWS) {
            let rows = chunk.iter().map(|ip| blocklist_ip::ActiveModel {
                source_id: Set(source_id),
                ip: Set(ip.clone()),
                first_seen_at: Set(now),
                last_seen_at: Set(now),
            });
            blocklist_ip::Entity::insert_many(rows)
                .on_conflict_do_nothing_on([
                    blocklist_ip::Column::SourceId,
                    blocklist_ip::Column::Ip,
                ])
                .exec_without_returning(&txn)
                .await?;
        }
        txn.commit().await?;
    }
    Ok(())
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
        .ok_or_else(|| ServiceError::Internal("an aggregate returned no row".to_owned()))?;
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
