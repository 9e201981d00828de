//! GraphQL types of blocklist sources and import runs.

use async_graphql::{Context, Enum, ID, InputObject, Object};
use bangui_core::Role;
use bangui_core::blocklist::{self, SourceInput};
use chrono::{DateTime, Utc};
use entity::{blocklist_source, import_run};

use crate::connection_type;
use crate::graphql::context::{actor, app};
use crate::graphql::error::{GqlResult, from_service, loader_failed};

use super::loader::{LastRunLoader, SourceLoader};
use async_graphql::dataloader::DataLoader;

/// Where an import run stands.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
pub enum ImportStatus {
    /// Waiting for a worker.
    Pending,
    /// Downloading, parsing or banning.
    Running,
    /// Finished: the list is imported.
    Completed,
    /// Ended early; `error` says why.
    Failed,
    /// Nothing to do: the list had not changed.
    Skipped,
}

impl From<bangui_core::blocklist::ImportStatus> for ImportStatus {
    fn from(status: bangui_core::blocklist::ImportStatus) -> Self {
        match status {
            bangui_core::blocklist::ImportStatus::Pending => ImportStatus::Pending,
            bangui_core::blocklist::ImportStatus::Running => ImportStatus::Running,
            bangui_core::blocklist::ImportStatus::Completed => ImportStatus::Completed,
            bangui_core::blocklist::ImportStatus::Failed => ImportStatus::Failed,
            bangui_core::blocklist::ImportStatus::Skipped => ImportStatus::Skipped,
        }
    }
}

/// A published IP list imported into a jail, with its latest run when the
/// list it is part of loaded them all at once.
#[derive(Clone)]
pub struct BlocklistSource(
    pub blocklist_source::Model,
    pub(super) Option<Option<import_run::Model>>,
);

impl From<blocklist_source::Model> for BlocklistSource {
    fn from(model: blocklist_source::Model) -> Self {
        Self(model, None)
    }
}

/// A published IP list imported into a jail.
#[Object]
impl BlocklistSource {
    /// Identifier, for `updateBlocklistSource`, `importBlocklist` and the import log.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// A name to tell it by.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// Where the list is downloaded from (http or https). Only an ADMIN sees
    /// its user, password and query values; others see them removed.
    async fn url(&self, ctx: &Context<'_>) -> String {
        if actor(ctx).is_some_and(|a| a.role >= Role::Admin) {
            self.0.url.clone()
        } else {
            blocklist::url_without_credentials(&self.0.url)
        }
    }

    /// The jail its addresses are banned in.
    async fn jail(&self) -> &str {
        &self.0.jail
    }

    /// The host whose fail2ban its addresses are banned on.
    async fn host(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        app(ctx)?.hosts.name_of(self.0.host_id).await.gql()
    }

    /// Whether it is imported on schedule.
    async fn enabled(&self) -> bool {
        self.0.enabled
    }

    /// Minutes between scheduled imports.
    async fn interval_minutes(&self) -> i32 {
        self.0.interval_minutes
    }

    /// Networks never banned from this list.
    async fn allowlist(&self) -> Vec<String> {
        blocklist::allowlist(&self.0)
    }

    /// Whether addresses that leave the list are unbanned.
    async fn unban_removed(&self) -> bool {
        self.0.unban_removed
    }

    /// When it was added.
    async fn created_at(&self) -> DateTime<Utc> {
        bangui_core::time::to_datetime(self.0.created_at)
    }

    /// The latest run, dry or not.
    async fn last_run(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<ImportRun>> {
        if let Some(loaded) = &self.1 {
            return Ok(loaded.clone().map(ImportRun::from));
        }
        let runs = ctx.data::<DataLoader<LastRunLoader>>()?;
        Ok(runs
            .load_one(self.0.id)
            .await
            .map_err(|e| loader_failed(&e))?
            .map(ImportRun::from))
    }
}

/// A source as written by an administrator.
#[derive(InputObject)]
pub struct BlocklistSourceInput {
    /// A name to tell it by (1 to 100 characters).
    pub name: String,
    /// An http or https URL; private, loopback and link-local addresses are
    /// refused unless BANGUI_BLOCKLIST_ALLOW_PRIVATE_URLS is true.
    pub url: String,
    /// The jail its addresses are banned in.
    pub jail: String,
    /// The host whose fail2ban its addresses are banned on: when made, the
    /// local host when null (on a hub without fail2ban, the only host); a
    /// source's host does not change, and null keeps it.
    pub host: Option<String>,
    /// Whether it is imported on schedule (true unless said; null means true).
    #[graphql(default_with = "Some(true)")]
    pub enabled: Option<bool>,
    /// Minutes between scheduled imports (5 to 527040; 1440 unless said, and for null).
    #[graphql(default_with = "Some(1440)")]
    pub interval_minutes: Option<i32>,
    /// Addresses or networks never to ban (none unless said, and for null).
    #[graphql(default_with = "Some(Vec::new())")]
    pub allowlist: Option<Vec<String>>,
    /// Unban addresses that leave the list.
    #[graphql(default = false)]
    pub unban_removed: bool,
}

impl From<BlocklistSourceInput> for SourceInput {
    fn from(i: BlocklistSourceInput) -> Self {
        SourceInput {
            name: i.name,
            url: i.url,
            jail: i.jail,
            enabled: i.enabled.unwrap_or(true),
            interval_minutes: i.interval_minutes.unwrap_or(1440),
            allowlist: i.allowlist.unwrap_or_default(),
            unban_removed: i.unban_removed,
        }
    }
}

/// One import of a list, with its counters, and its source when the list it
/// is part of loaded them all at once.
#[derive(Clone)]
pub struct ImportRun(pub import_run::Model, pub(super) Option<BlocklistSource>);

impl From<import_run::Model> for ImportRun {
    fn from(model: import_run::Model) -> Self {
        Self(model, None)
    }
}

/// One import of a list, with its counters.
#[Object]
impl ImportRun {
    /// Identifier, for `importRun` and `importProgress`.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// The source imported.
    async fn source(&self, ctx: &Context<'_>) -> async_graphql::Result<BlocklistSource> {
        if let Some(loaded) = &self.1 {
            return Ok(loaded.clone());
        }
        let sources = ctx.data::<DataLoader<SourceLoader>>()?;
        let source = sources
            .load_one(self.0.source_id)
            .await
            .map_err(|e| loader_failed(&e))?
            .ok_or_else(|| {
                from_service(bangui_core::ServiceError::NotFound(format!(
                    "no blocklist source with id {}",
                    self.0.source_id
                )))
            })?;
        Ok(BlocklistSource::from(source))
    }

    /// Where the run stands.
    async fn status(&self) -> ImportStatus {
        self.0.status.into()
    }

    /// A dry run reports what it would do and touches nothing.
    async fn dry_run(&self) -> bool {
        self.0.dry_run
    }

    /// When the run was asked for.
    async fn created_at(&self) -> DateTime<Utc> {
        bangui_core::time::to_datetime(self.0.created_at)
    }

    /// When a worker started it; null while it waits.
    async fn started_at(&self) -> Option<DateTime<Utc>> {
        self.0.started_at.map(bangui_core::time::to_datetime)
    }

    /// When it ended; null while it waits or runs.
    async fn finished_at(&self) -> Option<DateTime<Utc>> {
        self.0.finished_at.map(bangui_core::time::to_datetime)
    }

    /// SHA-256 (hex) of the list this run imported.
    async fn content_hash(&self) -> Option<&str> {
        self.0.content_hash.as_deref()
    }

    /// Bytes received.
    async fn downloaded_bytes(&self) -> i64 {
        self.0.downloaded_bytes
    }

    /// Lines holding an entry.
    async fn parsed_lines(&self) -> i64 {
        self.0.parsed_lines
    }

    /// Distinct public addresses to ban, after the allowlist and ignore list.
    async fn valid_ips(&self) -> i64 {
        self.0.valid_ips
    }

    /// Addresses banned by this run (would be, for a dry run).
    async fn new_bans(&self) -> i64 {
        self.0.new_bans
    }

    /// Addresses the jail held already.
    async fn already_banned(&self) -> i64 {
        self.0.already_banned
    }

    /// Entries left out: networks, private or reserved addresses, allowlisted or
    /// ignored ones.
    async fn skipped(&self) -> i64 {
        self.0.skipped
    }

    /// Lines that are not an address or network.
    async fn invalid_lines(&self) -> i64 {
        self.0.invalid_lines
    }

    /// Addresses unbanned because they left the list (would be, for a dry run).
    async fn unbanned(&self) -> i64 {
        self.0.unbanned
    }

    /// Why the run failed or was skipped.
    async fn error(&self) -> Option<&str> {
        self.0.error.as_deref()
    }

    /// A dry run's first addresses it would ban (at most 100).
    async fn would_ban(&self) -> Vec<String> {
        self.preview().ban
    }

    /// A dry run's first addresses it would unban (at most 100).
    async fn would_unban(&self) -> Vec<String> {
        self.preview().unban
    }
}

impl ImportRun {
    fn preview(&self) -> bangui_core::blocklist::plan::Preview {
        self.0
            .preview
            .as_deref()
            .and_then(|p| serde_json::from_str(p).ok())
            .unwrap_or_default()
    }
}

/// What `importRuns` was asked, kept to count the whole list on demand.
pub struct ImportRunQuery {
    pub source_id: Option<i64>,
}

impl ImportRunQuery {
    pub async fn total_count(&self, ctx: &Context<'_>) -> async_graphql::Result<i64> {
        let state = app(ctx)?;
        let n = state.blocklists.count_runs(self.source_id).await.gql()?;
        Ok(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

connection_type!(
    ImportRunConnection,
    ImportRunEdge,
    ImportRun,
    ImportRunQuery
);
