//! The configuration use-cases: each change is made to what BanGUI stores,
//! rendered into its own files, checked and loaded by fail2ban, recorded as
//! a `ConfigChange`, and audited; changes of one host wait for each other.

use std::collections::BTreeMap;
use std::sync::Arc;

use entity::{config_change, ignore_entry, jail_config};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde_json::{Value, json};
use tokio::sync::{Mutex, broadcast};

use super::apply::{self, Reload};
use super::ini::Layers;
use super::stored::Stored;
use super::{filters, regex, render, view};
use crate::actor::Actor;
use crate::audit::{Auditor, changes};
use crate::db::retry_busy;
use crate::error::{ServiceError, ServiceResult};
use crate::jails::{Fail2banService, JailSetting, JailSettings, JailState};
use crate::pagination::{Page, PageRequest};
use crate::validate;

/// Longest comment of an ignore entry, in bytes.
pub const MAX_COMMENT: usize = 200;

/// An ignore entry as shown: stored ones with what BanGUI knows of them,
/// the others (from fail2ban's own files) with their network only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IgnoreEntry {
    pub network: String,
    pub comment: Option<String>,
    pub expires_at: Option<i64>,
    pub added_by: Option<String>,
    pub added_at: Option<i64>,
}

impl From<&ignore_entry::Model> for IgnoreEntry {
    fn from(row: &ignore_entry::Model) -> Self {
        IgnoreEntry {
            network: row.network.clone(),
            comment: row.comment.clone(),
            expires_at: row.expires_at,
            added_by: row.added_by.clone(),
            added_at: Some(row.added_at),
        }
    }
}

/// A new ignore entry.
#[derive(Clone, Debug, Default)]
pub struct NewIgnore {
    pub network: String,
    pub comment: Option<String>,
    pub expires_at: Option<i64>,
}

/// A jail to create from an installed filter.
#[derive(Clone, Debug)]
pub struct NewJail {
    pub name: String,
    pub filter: String,
    pub log_paths: Vec<String>,
    pub port: Option<String>,
    pub settings: JailSettings,
    pub enabled: bool,
}

/// What a filter test runs on.
#[derive(Clone, Debug)]
pub struct FilterTest {
    pub filter: Option<String>,
    pub fail_regex: Option<Vec<String>>,
    pub ignore_regex: Option<Vec<String>>,
    pub lines: Option<Vec<String>>,
    pub jail: Option<String>,
    pub max_lines: Option<i64>,
}

/// A jail's configuration as BanGUI shows it.
#[derive(Clone, Debug)]
pub struct JailConfig {
    pub configured: view::Configured,
    pub managed: bool,
}

/// The change a use-case makes to what is stored, written once fail2ban took it.
enum Write {
    Jail(jail_config::Model),
    DropJail(String),
    Ignore(ignore_entry::Model),
    DropIgnores(Vec<i64>),
}

/// fail2ban's configuration on one host, as BanGUI changes it.
#[derive(Clone)]
pub struct ConfigService {
    db: DatabaseConnection,
    fail2ban: Fail2banService,
    host: String,
    audit: Auditor,
    /// Held for a whole change: read, render, apply, store.
    lock: Arc<Mutex<()>>,
    changed: broadcast::Sender<config_change::Model>,
}

impl ConfigService {
    pub fn new(db: DatabaseConnection, fail2ban: Fail2banService, host: String) -> Self {
        ConfigService {
            audit: Auditor::new(db.clone()),
            db,
            fail2ban,
            host,
            lock: Arc::default(),
            changed: broadcast::channel(64).0,
        }
    }

    /// The host's name.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// Every recorded configuration change from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<config_change::Model> {
        self.changed.subscribe()
    }

    fn layers(&self) -> ServiceResult<Layers> {
        Layers::read(self.fail2ban.config_dir(), "jail")
            .map_err(|e| ServiceError::internal("reading fail2ban's jail files", e))
    }

    fn operator_layers(&self) -> ServiceResult<Layers> {
        let mut layers = self.layers()?;
        layers.layers.retain(|l| !render::is_owned(&l.file));
        Ok(layers)
    }

    /// How `jail` is configured, and whether BanGUI created it.
    pub async fn jail(&self, jail: &str) -> ServiceResult<JailConfig> {
        let stored = Stored::load(&self.db, &self.host).await?;
        Ok(JailConfig {
            configured: view::configured(&self.layers()?, jail),
            managed: stored.jail(jail).is_some_and(|j| j.managed),
        })
    }

    /// Every jail fail2ban runs or BanGUI has seen, and every jail a file
    /// enables or disables, by name, with whether it runs now.
    pub async fn jails(&self) -> ServiceResult<Vec<(String, bool)>> {
        let mut jails = self.fail2ban.jails().await?;
        for (name, _) in view::with_enabled(&self.layers()?) {
            if !jails.iter().any(|(known, _)| *known == name) {
                jails.push((name, false));
            }
        }
        jails.sort();
        Ok(jails)
    }

    /// The jail's ignore list: what fail2ban ignores now, with BanGUI's notes
    /// on the entries BanGUI added (its own or the allowlist's).
    /// `running` is fail2ban's list for a running jail, shown sorted; for one
    /// that does not run, the entries BanGUI stores are shown.
    pub async fn ignore_list(
        &self,
        jail: &str,
        running: Option<&[String]>,
    ) -> ServiceResult<Vec<IgnoreEntry>> {
        let stored = Stored::load(&self.db, &self.host).await?;
        let known: Vec<&ignore_entry::Model> = stored
            .entries(jail)
            .into_iter()
            .chain(stored.entries(ignore_entry::ALLOWLIST))
            .collect();
        let Some(running) = running else {
            return Ok(known.into_iter().map(IgnoreEntry::from).collect());
        };
        let mut running = running.to_vec();
        running.sort();
        Ok(running
            .iter()
            .map(|net| {
                let found = validate::network(net)
                    .ok()
                    .and_then(|n| known.iter().find(|k| same(&k.network, &n)));
                match found {
                    Some(row) => IgnoreEntry::from(*row),
                    None => IgnoreEntry {
                        network: net.clone(),
                        comment: None,
                        expires_at: None,
                        added_by: None,
                        added_at: None,
                    },
                }
            })
            .collect())
    }

    /// The allowlist: entries every jail ignores.
    pub async fn allowlist(&self) -> ServiceResult<Vec<IgnoreEntry>> {
        let stored = Stored::load(&self.db, &self.host).await?;
        Ok(stored
            .entries(ignore_entry::ALLOWLIST)
            .into_iter()
            .map(IgnoreEntry::from)
            .collect())
    }

    /// The filters installed with fail2ban.
    pub fn filters(&self) -> ServiceResult<Vec<filters::Filter>> {
        filters::installed(self.fail2ban.config_dir())
            .map_err(|e| ServiceError::internal("reading fail2ban's filters", e))
    }

    /// Persists banTime, findTime and maxRetry of a jail, then reloads it.
    pub async fn update_jail(
        &self,
        actor: &Actor,
        name: &str,
        settings: &JailSettings,
    ) -> ServiceResult<JailState> {
        let mut details = Vec::new();
        let result = async {
            let ban_time = settings.ban_time.map(validate::ban_time).transpose()?;
            let find_time = settings.find_time.map(validate::find_time).transpose()?;
            let max_retry = settings.max_retry.map(validate::max_retry).transpose()?;
            self.require_jail(name).await?;
            for (field, setting, value) in [
                ("banTime", JailSetting::BanTime, ban_time),
                ("findTime", JailSetting::FindTime, find_time),
                ("maxRetry", JailSetting::MaxRetry, max_retry),
            ] {
                if let Some(value) = value {
                    let old = self.fail2ban.setting(name, setting).await.ok();
                    details.push((field, json!(old), json!(value)));
                }
            }
            self.change(actor, Reload::Jail(name.to_owned()), |stored| {
                let mut row = self.jail_row(stored, name, actor);
                row.ban_time = ban_time.or(row.ban_time);
                row.find_time = find_time.or(row.find_time);
                row.max_retry = max_retry.or(row.max_retry);
                replace_jail(stored, row.clone());
                Ok(vec![Write::Jail(row)])
            })
            .await?;
            self.state(name).await
        }
        .await;
        self.finish(
            actor,
            "updateJail",
            name.to_owned(),
            result,
            changes(details),
        )
        .await
    }

    /// Starts or stops a jail for good: `enabled` in BanGUI's file, then a reload.
    pub async fn set_enabled(
        &self,
        actor: &Actor,
        name: &str,
        enabled: bool,
    ) -> ServiceResult<JailState> {
        let mut before = None;
        let result = async {
            validate::jail_name(name)?;
            let configured = view::configured(&self.layers()?, name);
            if !configured.defined {
                return Err(no_jail(name));
            }
            before = Some(configured.enabled);
            self.change(actor, Reload::Jail(name.to_owned()), |stored| {
                let mut row = self.jail_row(stored, name, actor);
                row.enabled = Some(enabled);
                replace_jail(stored, row.clone());
                Ok(vec![Write::Jail(row)])
            })
            .await?;
            self.state(name).await
        }
        .await;
        let details = changes([("enabled", json!(before), json!(enabled))]);
        self.finish(actor, "setJailEnabled", name.to_owned(), result, details)
            .await
    }

    /// Adds an address or network to a jail's ignore list, for good.
    pub async fn add_ignore(
        &self,
        actor: &Actor,
        jail: &str,
        entry: NewIgnore,
    ) -> ServiceResult<JailState> {
        let given = entry.network.trim().to_owned();
        let result = async {
            self.require_jail(jail).await?;
            self.add_entry(actor, jail, entry, Reload::Jail(jail.to_owned()))
                .await?;
            self.state(jail).await
        }
        .await;
        let details = changes([("ignoreIp", Value::Null, json!(given))]);
        self.finish(
            actor,
            "addIgnoreIp",
            format!("{jail}/{given}"),
            result,
            details,
        )
        .await
    }

    /// Removes an entry BanGUI added from a jail's ignore list.
    pub async fn remove_ignore(
        &self,
        actor: &Actor,
        jail: &str,
        network: &str,
    ) -> ServiceResult<JailState> {
        let given = network.trim().to_owned();
        let result = async {
            self.require_jail(jail).await?;
            let net = validate::network(network)?;
            let stored = Stored::load(&self.db, &self.host).await?;
            if !stored.entries(jail).iter().any(|e| same(&e.network, &net)) {
                let running = self.fail2ban.ignore_ips(jail).await.unwrap_or_default();
                if running.iter().any(|r| same(r, &net)) {
                    return Err(ServiceError::BadInput(format!(
                        "{} is set by fail2ban's own files or the allowlist; BanGUI changes only the entries it added to this jail",
                        network.trim()
                    )));
                }
            }
            self.remove_entry(actor, jail, network, Reload::Jail(jail.to_owned())).await?;
            self.state(jail).await
        }
        .await;
        let details = changes([("ignoreIp", json!(given), Value::Null)]);
        self.finish(
            actor,
            "removeIgnoreIp",
            format!("{jail}/{given}"),
            result,
            details,
        )
        .await
    }

    /// Adds an entry every jail ignores.
    pub async fn add_allowlist(
        &self,
        actor: &Actor,
        entry: NewIgnore,
    ) -> ServiceResult<IgnoreEntry> {
        let given = entry.network.trim().to_owned();
        let result = async {
            let net = validate::network(&given)?;
            self.add_entry(actor, ignore_entry::ALLOWLIST, entry, Reload::All)
                .await?;
            let stored = Stored::load(&self.db, &self.host).await?;
            stored
                .entries(ignore_entry::ALLOWLIST)
                .into_iter()
                .find(|e| same(&e.network, &net))
                .map(IgnoreEntry::from)
                .ok_or_else(|| ServiceError::invariant("an added allowlist entry is not stored"))
        }
        .await;
        let details = changes([("allowlist", Value::Null, json!(given))]);
        self.finish(actor, "addAllowlistEntry", given, result, details)
            .await
    }

    /// Removes an allowlist entry.
    pub async fn remove_allowlist(&self, actor: &Actor, network: &str) -> ServiceResult<()> {
        let given = network.trim().to_owned();
        let result = self
            .remove_entry(actor, ignore_entry::ALLOWLIST, network, Reload::All)
            .await;
        let details = changes([("allowlist", json!(given), Value::Null)]);
        self.finish(actor, "removeAllowlistEntry", given, result, details)
            .await
    }

    /// Creates a jail from an installed filter, in a file of its own.
    pub async fn create_jail(&self, actor: &Actor, input: NewJail) -> ServiceResult<JailState> {
        let name = input.name.clone();
        let details = json!({
            "filter": input.filter,
            "logPaths": input.log_paths,
            "port": input.port,
            "banTime": input.settings.ban_time,
            "findTime": input.settings.find_time,
            "maxRetry": input.settings.max_retry,
            "enabled": input.enabled,
        });
        let result = async {
            let row = self.new_jail_row(actor, input)?;
            let name = row.jail.clone();
            self.change(actor, Reload::Jail(name.clone()), |stored| {
                if stored.jail(&name).is_some() {
                    return Err(ServiceError::Conflict(format!(
                        "a jail named {name:?} exists already"
                    )));
                }
                stored.jails.push(row.clone());
                Ok(vec![Write::Jail(row)])
            })
            .await?;
            self.state(&name).await
        }
        .await;
        self.finish(actor, "createJail", name, result, Some(details))
            .await
    }

    /// Deletes a jail BanGUI created, with its ignore entries.
    pub async fn delete_jail(&self, actor: &Actor, name: &str) -> ServiceResult<()> {
        let result = async {
            validate::jail_name(name)?;
            self.change(actor, Reload::Removed(name.to_owned()), |stored| {
                match stored.jail(name) {
                    Some(row) if row.managed => {}
                    Some(_) | None if view::configured(&self.layers()?, name).defined => {
                        return Err(ServiceError::BadInput(format!(
                            "jail {name:?} was not created in BanGUI; only such jails can be deleted"
                        )));
                    }
                    _ => return Err(no_jail(name)),
                }
                let ignores: Vec<i64> = stored.entries(name).iter().map(|e| e.id).collect();
                stored.jails.retain(|j| j.jail != name);
                stored.ignores.retain(|e| e.section != name);
                Ok(vec![Write::DropJail(name.to_owned()), Write::DropIgnores(ignores)])
            })
            .await
        }
        .await;
        self.finish(actor, "deleteJail", name.to_owned(), result, None)
            .await
    }

    /// Removes the ignore entries whose time is up; returns how many.
    pub async fn remove_expired(&self, now: i64) -> ServiceResult<usize> {
        let actor = Actor::system();
        let stored = Stored::load(&self.db, &self.host).await?;
        let expired: Vec<ignore_entry::Model> = stored
            .ignores
            .iter()
            .filter(|e| e.expires_at.is_some_and(|at| at <= now))
            .cloned()
            .collect();
        if expired.is_empty() {
            return Ok(0);
        }
        let reload = match expired
            .iter()
            .map(|e| e.section.as_str())
            .collect::<Vec<_>>()
            .as_slice()
        {
            [one, rest @ ..]
                if *one != ignore_entry::ALLOWLIST && rest.iter().all(|s| s == one) =>
            {
                Reload::Jail((*one).to_owned())
            }
            _ => Reload::All,
        };
        let ids: Vec<i64> = expired.iter().map(|e| e.id).collect();
        let result = self
            .change(&actor, reload, |stored| {
                stored.ignores.retain(|e| !ids.contains(&e.id));
                Ok(vec![Write::DropIgnores(ids.clone())])
            })
            .await;
        let networks: Vec<String> = expired
            .iter()
            .map(|e| format!("{}/{}", e.section, e.network))
            .collect();
        self.finish(
            &actor,
            "removeExpiredIgnores",
            networks.join(" "),
            result,
            None,
        )
        .await?;
        Ok(expired.len())
    }

    /// Tests a filter with fail2ban-regex.
    pub async fn test_filter(&self, input: FilterTest) -> ServiceResult<regex::Outcome> {
        let max = match input.max_lines {
            None => 10_000,
            Some(n) if (1..=regex::MAX_LINES as i64).contains(&n) => n as usize,
            Some(n) => {
                return Err(ServiceError::BadInput(format!(
                    "maxLines must be between 1 and {}, not {n}",
                    regex::MAX_LINES
                )));
            }
        };
        let dir = self.fail2ban.config_dir().to_path_buf();
        let regexes = match (&input.filter, &input.fail_regex) {
            (Some(_), Some(_)) => {
                return Err(ServiceError::BadInput(
                    "give either filter or failRegex, not both".into(),
                ));
            }
            (Some(filter), None) => installed_filter(&dir, filter)?,
            (None, Some(fail)) => regex::Regexes::AdHoc {
                fail: fail.clone(),
                ignore: input.ignore_regex.clone().unwrap_or_default(),
            },
            (None, None) => match &input.jail {
                Some(jail) => {
                    let filter = view::configured(&self.layers()?, jail).filter;
                    let name = filter.split('[').next().unwrap_or_default().to_owned();
                    installed_filter(&dir, &name)?
                }
                None => {
                    return Err(ServiceError::BadInput(
                        "give a filter, failRegex or a jail".into(),
                    ));
                }
            },
        };
        let lines = match (input.lines, &input.jail) {
            (Some(lines), _) => {
                if lines.len() > max {
                    return Err(ServiceError::BadInput(format!(
                        "at most {max} lines (maxLines)"
                    )));
                }
                lines.iter().map(|l| regex::cut(l)).collect()
            }
            (None, Some(jail)) => {
                let paths: Vec<std::path::PathBuf> = self
                    .fail2ban
                    .log_paths(jail)
                    .await?
                    .into_iter()
                    .map(Into::into)
                    .collect();
                tokio::task::spawn_blocking(move || regex::tail(&paths, max))
                    .await
                    .map_err(|e| ServiceError::internal("reading a jail's log files", e))?
                    .map_err(|e| {
                        ServiceError::BadInput(format!("the jail's log files cannot be read: {e}"))
                    })?
            }
            (None, None) => return Err(ServiceError::BadInput("give lines or a jail".into())),
        };
        regex::test(&dir, &regexes, &lines).await
    }

    /// A page of configuration changes, newest first.
    pub async fn changes(
        &self,
        request: &PageRequest,
    ) -> ServiceResult<Page<config_change::Model>> {
        let window = request.window::<i64>("configChange")?;
        let mut query = config_change::Entity::find();
        if let Some(after) = window.after {
            query = query.filter(config_change::Column::Id.lt(after));
        }
        if let Some(before) = window.before {
            query = query.filter(config_change::Column::Id.gt(before));
        }
        query = if window.backward {
            query.order_by_asc(config_change::Column::Id)
        } else {
            query.order_by_desc(config_change::Column::Id)
        };
        let rows = query.limit(window.limit + 1).all(&self.db).await?;
        Ok(window.page(rows, |row| {
            crate::pagination::encode("configChange", &row.id)
        }))
    }

    /// How many configuration changes are recorded.
    pub async fn count_changes(&self) -> ServiceResult<u64> {
        Ok(config_change::Entity::find().count(&self.db).await?)
    }

    async fn state(&self, name: &str) -> ServiceResult<JailState> {
        let running = self.fail2ban.jail_names().await?.iter().any(|j| j == name);
        Ok(JailState {
            name: name.to_owned(),
            running,
        })
    }

    async fn require_jail(&self, jail: &str) -> ServiceResult<()> {
        validate::jail_name(jail)?;
        if self.fail2ban.jail_names().await?.iter().any(|j| j == jail)
            || view::configured(&self.layers()?, jail).defined
        {
            Ok(())
        } else {
            Err(no_jail(jail))
        }
    }

    async fn add_entry(
        &self,
        actor: &Actor,
        section: &str,
        entry: NewIgnore,
        reload: Reload,
    ) -> ServiceResult<()> {
        let net = validate::network(&entry.network)?;
        let comment = entry
            .comment
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty());
        if comment.as_ref().is_some_and(|c| c.len() > MAX_COMMENT) {
            return Err(ServiceError::BadInput(format!(
                "comment is at most {MAX_COMMENT} bytes"
            )));
        }
        let now = crate::time::now();
        if entry.expires_at.is_some_and(|at| at <= now) {
            return Err(ServiceError::BadInput(
                "expiresAt must be in the future".into(),
            ));
        }
        let row = ignore_entry::Model {
            id: 0,
            host: self.host.clone(),
            section: section.to_owned(),
            network: bangui_fail2ban::target(&net),
            comment,
            expires_at: entry.expires_at,
            added_by: Some(actor.name.clone()),
            added_at: now,
        };
        self.change(actor, reload, |stored| {
            if stored
                .entries(section)
                .iter()
                .any(|e| same(&e.network, &net))
            {
                return Err(ServiceError::Conflict(format!(
                    "{} is on the list already",
                    row.network
                )));
            }
            stored.ignores.push(row.clone());
            Ok(vec![Write::Ignore(row)])
        })
        .await
    }

    async fn remove_entry(
        &self,
        actor: &Actor,
        section: &str,
        network: &str,
        reload: Reload,
    ) -> ServiceResult<()> {
        let net = validate::network(network)?;
        self.change(actor, reload, |stored| {
            let ids: Vec<i64> = stored
                .entries(section)
                .iter()
                .filter(|e| same(&e.network, &net))
                .map(|e| e.id)
                .collect();
            if ids.is_empty() {
                let place = if section == ignore_entry::ALLOWLIST {
                    "the allowlist".to_owned()
                } else {
                    format!("the ignore list of jail {section}")
                };
                return Err(ServiceError::NotFound(format!(
                    "{} is not on {place}",
                    network.trim()
                )));
            }
            stored.ignores.retain(|e| !ids.contains(&e.id));
            Ok(vec![Write::DropIgnores(ids)])
        })
        .await
    }

    /// The stored row of `jail`, or a new one.
    fn jail_row(&self, stored: &Stored, jail: &str, actor: &Actor) -> jail_config::Model {
        let mut row = stored.jail(jail).cloned().unwrap_or(jail_config::Model {
            id: 0,
            host: self.host.clone(),
            jail: jail.to_owned(),
            managed: false,
            enabled: None,
            ban_time: None,
            find_time: None,
            max_retry: None,
            filter: None,
            log_paths: None,
            port: None,
            updated_by: String::new(),
            updated_at: 0,
        });
        row.updated_by = actor.name.clone();
        row.updated_at = crate::time::now();
        row
    }

    fn new_jail_row(&self, actor: &Actor, input: NewJail) -> ServiceResult<jail_config::Model> {
        let name = validate::jail_name(input.name.trim())?.to_owned();
        if name == "DEFAULT" || name == "INCLUDES" || name.contains(['/', '.']) {
            return Err(ServiceError::BadInput(format!(
                "{name:?} cannot name a jail"
            )));
        }
        if view::configured(&self.layers()?, &name).defined {
            return Err(ServiceError::Conflict(format!(
                "a jail named {name:?} exists already"
            )));
        }
        if !filters::exists(self.fail2ban.config_dir(), &input.filter) {
            return Err(ServiceError::BadInput(format!(
                "fail2ban has no filter named {:?}",
                input.filter
            )));
        }
        if input.log_paths.is_empty() || input.log_paths.len() > 20 {
            return Err(ServiceError::BadInput(
                "a jail needs 1 to 20 log paths".into(),
            ));
        }
        for path in &input.log_paths {
            if !path.starts_with('/')
                || path.len() > 1024
                || path.chars().any(char::is_control)
                || path.contains(' ')
            {
                return Err(ServiceError::BadInput(format!(
                    "log path {path:?} must be an absolute path without spaces"
                )));
            }
        }
        if let Some(port) = &input.port {
            let valid = !port.is_empty()
                && port.len() <= 100
                && port
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, ',' | ':' | '-' | '_'));
            if !valid {
                return Err(ServiceError::BadInput(format!(
                    "port {port:?} must be ports or service names separated by commas"
                )));
            }
        }
        let log_paths = serde_json::to_string(&input.log_paths)
            .map_err(|e| ServiceError::internal("encoding log paths", e))?;
        Ok(jail_config::Model {
            id: 0,
            host: self.host.clone(),
            jail: name,
            managed: true,
            enabled: Some(input.enabled),
            ban_time: input
                .settings
                .ban_time
                .map(validate::ban_time)
                .transpose()?,
            find_time: input
                .settings
                .find_time
                .map(validate::find_time)
                .transpose()?,
            max_retry: input
                .settings
                .max_retry
                .map(validate::max_retry)
                .transpose()?,
            filter: Some(input.filter),
            log_paths: Some(log_paths),
            port: input.port,
            updated_by: actor.name.clone(),
            updated_at: crate::time::now(),
        })
    }

    /// One change: under the host's lock, `edit` changes the stored state
    /// (returning what to write), the files are rendered and applied, each
    /// file's change is recorded, and the writes are stored when fail2ban
    /// took the change.
    async fn change(
        &self,
        actor: &Actor,
        reload: Reload,
        edit: impl FnOnce(&mut Stored) -> ServiceResult<Vec<Write>>,
    ) -> ServiceResult<()> {
        let _held = self.lock.lock().await;
        let mut stored = Stored::load(&self.db, &self.host).await?;
        let operator = self.operator_layers()?;
        let before = stored.files(&operator)?;
        let writes = edit(&mut stored)?;
        let after = stored.files(&operator)?;
        let mut wanted: BTreeMap<String, Option<String>> =
            before.keys().map(|file| (file.clone(), None)).collect();
        wanted.extend(after.into_iter().map(|(file, text)| (file, Some(text))));
        let attempt = apply::apply(&self.fail2ban, wanted, reload).await?;
        let error = attempt.failure.as_ref().map(ToString::to_string);
        for change in &attempt.changes {
            self.record(actor, change, error.clone()).await;
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

    async fn record(&self, actor: &Actor, change: &apply::FileChange, error: Option<String>) {
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
                let _ = self.changed.send(model);
            }
            Err(e) => {
                tracing::warn!(file = %change.file, error = %e, "a configuration change could not be recorded")
            }
        }
    }

    /// Audits a use-case with the configuration changes it recorded.
    async fn finish<T>(
        &self,
        actor: &Actor,
        action: &str,
        target: String,
        result: ServiceResult<T>,
        details: Option<Value>,
    ) -> ServiceResult<T> {
        self.audit
            .record(actor, action, Some(target), &result, details)
            .await;
        result
    }
}

fn replace_jail(stored: &mut Stored, row: jail_config::Model) {
    stored.jails.retain(|j| j.jail != row.jail);
    stored.jails.push(row);
    stored.jails.sort_by(|a, b| a.jail.cmp(&b.jail));
}

fn installed_filter(dir: &std::path::Path, name: &str) -> ServiceResult<regex::Regexes> {
    if filters::exists(dir, name) {
        Ok(regex::Regexes::Installed(name.to_owned()))
    } else {
        Err(ServiceError::BadInput(format!(
            "fail2ban has no filter named {name:?}"
        )))
    }
}

/// Whether a stored entry is the network `net`.
fn same(stored: &str, net: &ipnet::IpNet) -> bool {
    validate::network(stored).is_ok_and(|n| n == *net)
}

fn no_jail(jail: &str) -> ServiceError {
    ServiceError::NotFound(format!("fail2ban has no jail named {jail:?}"))
}
