//! DataLoaders of the fields between sources and runs: every `ImportRun.source`
//! and every `BlocklistSource.lastRun` of one response is one query each.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::Loader;
use bangui_core::blocklist::BlocklistService;
use entity::{blocklist_source, import_run};

/// Sources by id.
pub struct SourceLoader(pub BlocklistService);

impl Loader<i64> for SourceLoader {
    type Value = blocklist_source::Model;
    type Error = Arc<str>;

    async fn load(&self, ids: &[i64]) -> Result<HashMap<i64, Self::Value>, Self::Error> {
        let found = self
            .0
            .sources_by_id(ids)
            .await
            .map_err(|e| Arc::<str>::from(e.to_string()))?;
        Ok(found.into_iter().map(|s| (s.id, s)).collect())
    }
}

/// The latest run of each source, by source id.
pub struct LastRunLoader(pub BlocklistService);

impl Loader<i64> for LastRunLoader {
    type Value = import_run::Model;
    type Error = Arc<str>;

    async fn load(&self, ids: &[i64]) -> Result<HashMap<i64, Self::Value>, Self::Error> {
        let found = self
            .0
            .last_runs(ids)
            .await
            .map_err(|e| Arc::<str>::from(e.to_string()))?;
        Ok(found.into_iter().map(|r| (r.source_id, r)).collect())
    }
}
