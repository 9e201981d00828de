//! Running an import: download (with the heartbeat going), parse, plan, then
//! ban, record provenance and unban what left the list.
//!
//! Idempotent: a run bans only what fail2ban does not hold already, and a content
//! hash is held by one run per source (UNIQUE(source_id, content_hash)), so the
//! same content is not imported twice. The next run of the content of an
//! interrupted run takes the hash over and bans what that one had not.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use entity::{blocklist_source, import_run};
use ipnet::IpNet;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder,
};
use tracing::{info, instrument};

use super::fetch::{Fetched, Fetcher, Validators};
use super::parse;
use super::plan::Plan;
use super::provenance;
use super::queue::{self, ImportStatus};
use super::selection::{Networks, bannable};
use crate::archive::Origin;
use crate::error::{ServiceError, ServiceResult};
use crate::jails::{BAN_BATCH, Fail2banService};
use crate::validate;

/// A running import renews its heartbeat at least this often.
const HEARTBEAT: Duration = Duration::from_secs(2);
/// Each `banip` command should hold fail2ban's socket about this long, so the
/// GUI's own calls wait at most that behind an import.
const BATCH_TARGET: Duration = Duration::from_millis(800);
const FIRST_BATCH: usize = 50;
const MIN_BATCH: usize = 10;

/// Runs imports.
#[derive(Clone)]
pub struct Importer {
    pub db: DatabaseConnection,
    /// The hosts sources ban on.
    pub hosts: crate::hosts::Hosts,
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
    if e.is_for_the_log() {
        tracing::error!(error = %e.chain(), "import failed");
    }
    match e {
        ServiceError::Db(_) | ServiceError::Internal { .. } => {
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
            queue::fail_interrupted(&self.db, now).await?;
            let Some(run) = queue::claim(&self.db, now).await? else {
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
        let source = super::sources::get(&self.db, run.source_id).await?;
        let jails = self.hosts.for_id(source.host_id).await?.ok_or_else(|| {
            Stop::Failed(
                "the source's host was removed (or this BanGUI has no fail2ban of its own)".into(),
            )
        })?;
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

        let ignored = self.never_banned(&jails, &source).await?;
        let (addresses, skipped) = bannable(parsed.entries, &ignored);
        counters.skipped = skipped as i64;
        counters.valid_ips = addresses.len() as i64;
        let banned: HashSet<IpNet> = jails
            .reads()
            .current_bans(Some(&source.jail), crate::time::now())
            .await
            .map_err(ServiceError::from)?
            .into_iter()
            .filter_map(|row| validate::network(&row.ip).ok())
            .collect();
        let before = provenance::listed(&self.db, source.id).await?;
        let plan = Plan::new(&addresses, &banned, &before, source.unban_removed);
        counters.already_banned = plan.already_banned as i64;

        if run.dry_run {
            counters.new_bans = plan.fresh.len() as i64;
            counters.unbanned = plan.unban.len() as i64;
            let mut row = counters.row(run.id);
            row.preview = Set(serde_json::to_string(&plan.preview()).ok());
            row.update(&self.db).await?;
            return Ok(());
        }

        self.save(run.id, counters).await?;
        self.ban(&jails, run.id, &source, &plan.fresh, counters)
            .await?;
        provenance::record_listed(&self.db, source.id, &plan.arrived).await?;
        for target in &plan.unban {
            if jails
                .unban_target(&source.jail, *target, Origin::Blocklist)
                .await?
            {
                counters.unbanned += 1;
            }
        }
        provenance::forget(&self.db, source.id, &plan.left).await?;
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
    async fn never_banned(
        &self,
        jails: &Fail2banService,
        source: &blocklist_source::Model,
    ) -> Result<Networks, Stop> {
        let mut networks: Vec<IpNet> = super::sources::allowlist(source)
            .iter()
            .filter_map(|n| n.parse().ok())
            .collect();
        let ignore = jails.ignore_ips(&source.jail).await?;
        networks.extend(
            ignore
                .iter()
                .filter_map(|entry| validate::network(entry).ok()),
        );
        Ok(Networks(networks))
    }

    /// Bans in batches sized so that each `banip` holds fail2ban's socket for
    /// about [`BATCH_TARGET`].
    async fn ban(
        &self,
        jails: &Fail2banService,
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
            let (banned, already) = jails
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
