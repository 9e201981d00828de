//! Lists of sources and runs load their items' neighbours through the
//! loaders all at once, so that a page costs one statement per kind however
//! its fields are scheduled.

use std::collections::HashMap;

use async_graphql::Context;
use async_graphql::dataloader::DataLoader;
use entity::{blocklist_source, import_run};

use super::loader::{LastRunLoader, SourceLoader};
use super::types::{BlocklistSource, ImportRun};
use crate::graphql::error::loader_failed;

/// The neighbours a list's selection asks for.
#[derive(Clone, Copy, Debug, Default)]
pub struct Wanted {
    /// `ImportRun.source`.
    pub source: bool,
    /// `ImportRun.source.lastRun`.
    pub last_run: bool,
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
        .map_err(|e| loader_failed(&e))?;
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
    let found = loader.load_many(ids).await.map_err(|e| loader_failed(&e))?;
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
