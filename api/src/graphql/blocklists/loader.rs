//! DataLoaders of the fields between sources and runs: every `ImportRun.source`
//! and every `BlocklistSource.lastRun` of one response is one query each. A
//! list asks its loader for all its items' neighbours at once, so that a page
//! costs one statement per kind however its fields are scheduled.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::Context;
use async_graphql::dataloader::{DataLoader, Loader};
use bangui_core::blocklist::{self, import};
use entity::{blocklist_source, import_run};
use sea_orm::DatabaseConnection;

use super::types::{BlocklistSource, ImportRun};

/// Sources by id.
pub struct SourceLoader(pub DatabaseConnection);

impl Loader<i64> for SourceLoader {
    type Value = blocklist_source::Model;
    type Error = Arc<str>;

    async fn load(&self, ids: &[i64]) -> Result<HashMap<i64, Self::Value>, Self::Error> {
        let found = blocklist::get_many(&self.0, ids)
            .await
            .map_err(|e| Arc::<str>::from(e.to_string()))?;
        Ok(found.into_iter().map(|s| (s.id, s)).collect())
    }
}

/// The latest run of each source, by source id.
pub struct LastRunLoader(pub DatabaseConnection);

impl Loader<i64> for LastRunLoader {
    type Value = import_run::Model;
    type Error = Arc<str>;

    async fn load(&self, ids: &[i64]) -> Result<HashMap<i64, Self::Value>, Self::Error> {
        let found = import::last_of_many(&self.0, ids)
            .await
            .map_err(|e| Arc::<str>::from(e.to_string()))?;
        Ok(found.into_iter().map(|r| (r.source_id, r)).collect())
    }
}

/// The neighbours a list's selection asks for.
#[derive(Clone, Copy, Debug, Default)]
pub struct Wanted {
    /// `ImportRun.source`.
    pub source: bool,
    /// `ImportRun.source.lastRun`.
    pub last_run: bool,
}

fn failed(e: &Arc<str>) -> async_graphql::Error {
    crate::graphql::error::from_service(bangui_core::ServiceError::Internal(format!(
        "loading failed: {e}"
    )))
}

/// Sources with their latest runs, loaded in one batch when `last_runs`.
pub async fn sources_with_last_runs(
    ctx: &Context<'_>,
    sources: Vec<blocklist_source::Model>,
    last_runs: bool,
) -> async_graphql::Result<Vec<BlocklistSource>> {
    if !last_runs {
        return Ok(sources.into_iter().map(BlocklistSource::from).collect());
    }
    let loader = ctx.data::<DataLoader<LastRunLoader>>()?;
    let mut runs = loader
        .load_many(sources.iter().map(|s| s.id))
        .await
        .map_err(|e| failed(&e))?;
    Ok(sources
        .into_iter()
        .map(|s| {
            let run = runs.remove(&s.id);
            BlocklistSource(s, Some(run))
        })
        .collect())
}

/// Runs with their sources (and the sources' latest runs), each kind loaded
/// in one batch when the selection asks for it.
pub async fn runs_with_sources(
    ctx: &Context<'_>,
    runs: Vec<import_run::Model>,
    wanted: Wanted,
) -> async_graphql::Result<Vec<ImportRun>> {
    if !wanted.source {
        return Ok(runs.into_iter().map(ImportRun::from).collect());
    }
    let mut ids: Vec<i64> = runs.iter().map(|r| r.source_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let loader = ctx.data::<DataLoader<SourceLoader>>()?;
    let found = loader.load_many(ids).await.map_err(|e| failed(&e))?;
    let mut ordered: Vec<blocklist_source::Model> = found.into_values().collect();
    ordered.sort_unstable_by_key(|s| s.id);
    let sources: HashMap<i64, BlocklistSource> =
        sources_with_last_runs(ctx, ordered, wanted.last_run)
            .await?
            .into_iter()
            .map(|s| (s.0.id, s))
            .collect();
    // A run whose source is gone is left to the field, which says so.
    Ok(runs
        .into_iter()
        .map(|run| {
            let source = sources.get(&run.source_id).cloned();
            ImportRun(run, source)
        })
        .collect())
}
