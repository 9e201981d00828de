//! The configuration use-cases: each change is made to what BanGUI stores,
//! rendered into its own files, checked and loaded by fail2ban, recorded as
//! a `ConfigChange`, and audited; changes of one host wait for each other.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use bangui_fail2ban::conf::{Layers, regex};
use entity::{config_change, ignore_entry, jail_config};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, DbBackend, EntityTrait, QueryFilter, Statement, TransactionTrait,
};
use serde_json::Value;
use tokio::sync::{Mutex, broadcast};

use super::apply::{self, Reload};
use super::stored::Stored;
use super::{render, view};
use crate::actor::Actor;
use crate::audit::Auditor;
use crate::db::retry_busy;
use crate::error::{ServiceError, ServiceResult};
use crate::jails::{Fail2banService, JailState};
use crate::validate;

/// The change a use-case makes to what is stored, written once fail2ban took it.
pub(super) enum Write {
    Jail(jail_config::Model),
    DropJail(String),
    Ignore(ignore_entry::Model),
    DropIgnores(Vec<i64>),
}

/// fail2ban's configuration on one host, as BanGUI changes it.
#[derive(Clone)]
pub struct ConfigService {
    pub(super) db: DatabaseConnection,
    pub(super) fail2ban: Fail2banService,
    pub(super) host: String,
    pub(super) audit: Auditor,
    /// Held for a whole change: read, render, apply, store.
    pub(super) lock: Arc<Mutex<()>>,
    /// Every host's lock, by name, shared by the services of every host.
    locks: Arc<std::sync::Mutex<HashMap<String, Arc<Mutex<()>>>>>,
    pub(super) changed: broadcast::Sender<config_change::Model>,
}

impl ConfigService {
    pub fn new(db: DatabaseConnection, fail2ban: Fail2banService, host: String) -> Self {
        let lock: Arc<Mutex<()>> = Arc::default();
        ConfigService {
            audit: Auditor::new(db.clone()),
            db,
            fail2ban,
            locks: Arc::new(std::sync::Mutex::new(HashMap::from([(
                host.clone(),
                lock.clone(),
            )]))),
            host,
            lock,
            changed: broadcast::channel(64).0,
        }
    }

    /// The same use-cases on the host `fail2ban` serves: its files, through
    /// its agent when it is not this machine; its changes wait for each other.
    pub fn on(&self, fail2ban: Fail2banService) -> Self {
        let host = fail2ban.host().name.clone();
        let lock = self
            .locks
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .entry(host.clone())
            .or_default()
            .clone();
        ConfigService {
            fail2ban,
            host,
            lock,
            ..self.clone()
        }
    }

    /// The host's name.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The host's fail2ban.
    pub fn fail2ban(&self) -> &Fail2banService {
        &self.fail2ban
    }

    /// Every recorded configuration change from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<config_change::Model> {
        self.changed.subscribe()
    }

    pub(super) async fn layers(&self) -> ServiceResult<Layers> {
        Ok(self.fail2ban.files().layers("jail").await?)
    }

    pub(super) async fn operator_layers(&self) -> ServiceResult<Layers> {
        let mut layers = self.layers().await?;
        layers.layers.retain(|l| !render::is_owned(&l.file));
        Ok(layers)
    }

    pub(super) async fn state(&self, name: &str) -> ServiceResult<JailState> {
        self.fail2ban.jail_state(name).await
    }

    pub(super) async fn require_jail(&self, jail: &str) -> ServiceResult<()> {
        validate::jail_name(jail)?;
        if self.fail2ban.jail_names().await?.iter().any(|j| j == jail)
            || view::configured(&self.layers().await?, jail).defined
        {
            Ok(())
        } else {
            Err(no_jail(jail))
        }
    }

    /// One change: under the host's lock, `edit` changes the stored state
    /// (returning what to write), the files are rendered and applied, each
    /// file's change is recorded, and the writes are stored when fail2ban
    /// took the change.
    pub(super) async fn change(
        &self,
        actor: &Actor,
        reload: Reload,
        recorded: &mut Vec<i64>,
        edit: impl FnOnce(&mut Stored) -> ServiceResult<Vec<Write>>,
    ) -> ServiceResult<()> {
        let _held = self.lock.lock().await;
        let host_lock = self.host_lock().await?;
        let result = self.change_held(actor, reload, recorded, edit).await;
        if let Some(txn) = host_lock
            && let Err(e) = txn.rollback().await
        {
            tracing::warn!(error = %e, "releasing the configuration lock failed");
        }
        result
    }

    /// Instances sharing a PostgreSQL database change one host's files one
    /// at a time: a transaction-scoped advisory lock on the host's name is
    /// held for the whole change (SQLite serves one instance).
    async fn host_lock(&self) -> ServiceResult<Option<DatabaseTransaction>> {
        if self.db.get_database_backend() != DbBackend::Postgres {
            return Ok(None);
        }
        let txn = self.db.begin().await?;
        txn.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1)",
            [lock_key(&self.host).into()],
        ))
        .await?;
        Ok(Some(txn))
    }

    async fn change_held(
        &self,
        actor: &Actor,
        reload: Reload,
        recorded: &mut Vec<i64>,
        edit: impl FnOnce(&mut Stored) -> ServiceResult<Vec<Write>>,
    ) -> ServiceResult<()> {
        let mut stored = Stored::load(&self.db, &self.host).await?;
        let operator = self.operator_layers().await?;
        let before = stored.files(&operator)?;
        let writes = edit(&mut stored)?;
        let after = stored.files(&operator)?;
        let mut wanted: BTreeMap<String, Option<String>> =
            before.keys().map(|file| (file.clone(), None)).collect();
        wanted.extend(after.into_iter().map(|(file, text)| (file, Some(text))));
        let attempt = apply::apply(&self.fail2ban, wanted, reload).await?;
        let error = attempt.failure.as_ref().map(ToString::to_string);
        for change in &attempt.changes {
            recorded.extend(self.record(actor, change, error.clone()).await);
        }
        if let Some(failure) = attempt.failure {
            return Err(failure);
        }
        for write in writes {
            self.store(write).await?;
        }
        Ok(())
    }

    async fn store(&self, write: Write) -> ServiceResult<()> {
        let db = &self.db;
        match write {
            Write::Jail(row) => {
                if row.id == 0 {
                    let mut active: jail_config::ActiveModel = row.into();
                    active.id = sea_orm::ActiveValue::NotSet;
                    retry_busy(|| active.clone().insert(db)).await?;
                } else {
                    let active = jail_config::ActiveModel::from(row).reset_all();
                    retry_busy(|| active.clone().update(db)).await?;
                }
            }
            Write::DropJail(jail) => {
                retry_busy(|| {
                    jail_config::Entity::delete_many()
                        .filter(jail_config::Column::Host.eq(&self.host))
                        .filter(jail_config::Column::Jail.eq(&jail))
                        .exec(db)
                })
                .await?;
            }
            Write::Ignore(row) => {
                let mut active: ignore_entry::ActiveModel = row.into();
                active.id = sea_orm::ActiveValue::NotSet;
                retry_busy(|| active.clone().insert(db)).await?;
            }
            Write::DropIgnores(ids) => {
                if !ids.is_empty() {
                    retry_busy(|| {
                        ignore_entry::Entity::delete_many()
                            .filter(ignore_entry::Column::Id.is_in(ids.clone()))
                            .exec(db)
                    })
                    .await?;
                }
            }
        }
        Ok(())
    }

    /// Records one file's change; returns its id.
    async fn record(
        &self,
        actor: &Actor,
        change: &apply::FileChange,
        error: Option<String>,
    ) -> Option<i64> {
        let row = config_change::ActiveModel {
            at: Set(crate::time::now()),
            actor: Set(actor.name.clone()),
            host: Set(self.host.clone()),
            file: Set(change.file.clone()),
            diff: Set(change.diff.clone()),
            applied: Set(error.is_none()),
            error: Set(error),
            ..Default::default()
        };
        match retry_busy(|| row.clone().insert(&self.db)).await {
            Ok(model) => {
                let id = model.id;
                let _ = self.changed.send(model);
                Some(id)
            }
            Err(e) => {
                tracing::warn!(file = %change.file, error = %e, "a configuration change could not be recorded");
                None
            }
        }
    }

    /// Audits a use-case, its details naming the configuration changes it
    /// recorded (`configChanges`: their ids).
    pub(super) async fn finish<T>(
        &self,
        actor: &Actor,
        action: &str,
        target: String,
        result: ServiceResult<T>,
        details: Option<Value>,
        recorded: Vec<i64>,
    ) -> ServiceResult<T> {
        let details = if recorded.is_empty() {
            details
        } else {
            let mut map = match details {
                Some(Value::Object(map)) => map,
                _ => serde_json::Map::new(),
            };
            map.insert("configChanges".into(), Value::from(recorded));
            Some(Value::Object(map))
        };
        self.audit
            .record(actor, action, Some(target), &result, details)
            .await;
        result
    }
}

/// The advisory lock key of a host's configuration: FNV-1a of its name,
/// stable across processes and versions.
fn lock_key(host: &str) -> i64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in "bangui-config:".bytes().chain(host.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    i64::from_ne_bytes(hash.to_ne_bytes())
}

pub(super) fn replace_jail(stored: &mut Stored, row: jail_config::Model) {
    stored.jails.retain(|j| j.jail != row.jail);
    stored.jails.push(row);
    stored.jails.sort_by(|a, b| a.jail.cmp(&b.jail));
}

pub(super) async fn installed_filter(
    fail2ban: &Fail2banService,
    name: &str,
) -> ServiceResult<regex::Regexes> {
    if fail2ban.files().filter_exists(name).await? {
        Ok(regex::Regexes::Installed(name.to_owned()))
    } else {
        Err(ServiceError::BadInput(format!(
            "fail2ban has no filter named {name:?}"
        )))
    }
}

/// Whether a stored entry is the network `net`.
pub(super) fn same(stored: &str, net: &ipnet::IpNet) -> bool {
    validate::network(stored).is_ok_and(|n| n == *net)
}

pub(super) fn no_jail(jail: &str) -> ServiceError {
    ServiceError::NotFound(format!("fail2ban has no jail named {jail:?}"))
}
