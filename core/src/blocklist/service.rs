//! Blocklists as people manage them: sources (each change audited with the
//! old and new values of what it changed), imports on demand, and the runs.

use entity::{blocklist_source, import_run};
use sea_orm::DatabaseConnection;
use serde_json::{Value, json};

use super::fetch::UrlPolicy;
use super::queue;
use super::sources::{SourceInput, allowlist, url_without_credentials};
use crate::actor::Actor;
use crate::audit::{Auditor, changes};
use crate::error::ServiceResult;
use crate::jails::Fail2banService;
use crate::pagination::{Page, PageRequest};

/// Sources, their imports and runs.
#[derive(Clone)]
pub struct BlocklistService {
    db: DatabaseConnection,
    fail2ban: Fail2banService,
    policy: UrlPolicy,
    audit: Auditor,
}

/// A source's settings as its audit entries compare them (the URL without
/// its credentials).
fn fields(source: Option<&blocklist_source::Model>) -> [(&'static str, Value); 7] {
    let field = |f: fn(&blocklist_source::Model) -> Value| source.map_or(Value::Null, f);
    [
        ("name", field(|s| json!(s.name))),
        ("url", field(|s| json!(url_without_credentials(&s.url)))),
        ("jail", field(|s| json!(s.jail))),
        ("enabled", field(|s| json!(s.enabled))),
        ("intervalMinutes", field(|s| json!(s.interval_minutes))),
        ("allowlist", field(|s| json!(allowlist(s)))),
        ("unbanRemoved", field(|s| json!(s.unban_removed))),
    ]
}

/// What changed between two states of a source.
fn difference(
    old: Option<&blocklist_source::Model>,
    new: Option<&blocklist_source::Model>,
) -> Option<Value> {
    changes(
        fields(old)
            .into_iter()
            .zip(fields(new))
            .map(|((name, old), (_, new))| (name, old, new)),
    )
}

impl BlocklistService {
    pub fn new(db: DatabaseConnection, fail2ban: Fail2banService, policy: UrlPolicy) -> Self {
        BlocklistService {
            audit: Auditor::new(db.clone()),
            db,
            fail2ban,
            policy,
        }
    }

    /// The same service making and changing sources of another host.
    pub fn on(&self, fail2ban: Fail2banService) -> BlocklistService {
        BlocklistService {
            fail2ban,
            ..self.clone()
        }
    }

    /// Every source, by name.
    pub async fn sources(&self) -> ServiceResult<Vec<blocklist_source::Model>> {
        super::sources::list(&self.db).await
    }

    pub async fn source(&self, id: i64) -> ServiceResult<blocklist_source::Model> {
        super::sources::get(&self.db, id).await
    }

    /// The sources with these ids, in one query; unknown ids are left out.
    pub async fn sources_by_id(&self, ids: &[i64]) -> ServiceResult<Vec<blocklist_source::Model>> {
        super::sources::get_many(&self.db, ids).await
    }

    /// The sources whose latest list contained `ip`.
    pub async fn containing(&self, ip: &str) -> ServiceResult<Vec<blocklist_source::Model>> {
        super::sources::containing(&self.db, ip).await
    }

    pub async fn create(
        &self,
        actor: &Actor,
        input: SourceInput,
    ) -> ServiceResult<blocklist_source::Model> {
        let name = input.name.clone();
        let result = super::sources::create(&self.db, &self.fail2ban, &self.policy, input).await;
        let details = result.as_ref().ok().and_then(|s| difference(None, Some(s)));
        self.audit
            .record(actor, "createBlocklistSource", Some(name), &result, details)
            .await;
        result
    }

    pub async fn update(
        &self,
        actor: &Actor,
        id: i64,
        input: SourceInput,
    ) -> ServiceResult<blocklist_source::Model> {
        let result =
            super::sources::update(&self.db, &self.fail2ban, &self.policy, id, input).await;
        let details = result
            .as_ref()
            .ok()
            .and_then(|(before, after)| difference(Some(before), Some(after)));
        let result = result.map(|(_, after)| after);
        self.audit
            .record(
                actor,
                "updateBlocklistSource",
                Some(id.to_string()),
                &result,
                details,
            )
            .await;
        result
    }

    /// Deletes a source with its runs and provenance; its bans stay.
    pub async fn delete(&self, actor: &Actor, id: i64) -> ServiceResult<()> {
        let result = super::sources::delete(&self.db, id).await;
        let details = result
            .as_ref()
            .ok()
            .and_then(|before| difference(Some(before), None));
        let result = result.map(|_| ());
        self.audit
            .record(
                actor,
                "deleteBlocklistSource",
                Some(id.to_string()),
                &result,
                details,
            )
            .await;
        result
    }

    /// Queues an import of a source now (a run of the same kind still
    /// waiting is returned instead).
    pub async fn request_import(
        &self,
        actor: &Actor,
        source_id: i64,
        dry_run: bool,
    ) -> ServiceResult<import_run::Model> {
        let result = queue::request(&self.db, source_id, dry_run).await;
        let action = if dry_run {
            "importBlocklist (dry run)"
        } else {
            "importBlocklist"
        };
        self.audit
            .record(actor, action, Some(source_id.to_string()), &result, None)
            .await;
        result
    }

    pub async fn run(&self, id: i64) -> ServiceResult<import_run::Model> {
        queue::get(&self.db, id).await
    }

    /// A page of runs, newest first, of one source or of all.
    pub async fn runs(
        &self,
        source_id: Option<i64>,
        request: &PageRequest,
    ) -> ServiceResult<Page<import_run::Model>> {
        queue::runs(&self.db, source_id, request).await
    }

    /// How many runs one source, or all, has had.
    pub async fn count_runs(&self, source_id: Option<i64>) -> ServiceResult<u64> {
        queue::count_runs(&self.db, source_id).await
    }

    /// The latest run of each of these sources, in one query.
    pub async fn last_runs(&self, source_ids: &[i64]) -> ServiceResult<Vec<import_run::Model>> {
        queue::last_of_many(&self.db, source_ids).await
    }
}
