//! What BanGUI stores of one host's fail2ban configuration, and the files it
//! renders from it next to the operator's own files.

use std::collections::BTreeMap;

use bangui_fail2ban::conf::Layers;
use entity::{ignore_entry, jail_config};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use super::render::{self, Entry, JailOverride, MainFile, ManagedJail};
use crate::error::{ServiceError, ServiceResult};

/// One host's stored configuration.
#[derive(Clone, Debug, Default)]
pub struct Stored {
    pub jails: Vec<jail_config::Model>,
    pub ignores: Vec<ignore_entry::Model>,
}

impl Stored {
    pub async fn load(db: &DatabaseConnection, host: &str) -> ServiceResult<Stored> {
        let jails = jail_config::Entity::find()
            .filter(jail_config::Column::Host.eq(host))
            .order_by_asc(jail_config::Column::Jail)
            .all(db)
            .await?;
        let ignores = ignore_entry::Entity::find()
            .filter(ignore_entry::Column::Host.eq(host))
            .order_by_asc(ignore_entry::Column::Id)
            .all(db)
            .await?;
        Ok(Stored { jails, ignores })
    }

    pub fn jail(&self, name: &str) -> Option<&jail_config::Model> {
        self.jails.iter().find(|j| j.jail == name)
    }

    /// The entries of a section (a jail, or the allowlist's `DEFAULT`).
    pub fn entries(&self, section: &str) -> Vec<&ignore_entry::Model> {
        self.ignores
            .iter()
            .filter(|e| e.section == section)
            .collect()
    }

    /// Every owned file's text: `jail.d/bangui.local` and one file per jail
    /// BanGUI created. `operator` holds the operator's jail files only.
    pub fn files(&self, operator: &Layers) -> ServiceResult<BTreeMap<String, String>> {
        let everywhere = |_: &str| true;
        let mut files = BTreeMap::new();
        let mut overrides = Vec::new();
        for jail in &self.jails {
            let ignore = entries(&self.entries(&jail.jail));
            if jail.managed {
                let managed = ManagedJail {
                    name: jail.jail.clone(),
                    filter: jail.filter.clone().unwrap_or_default(),
                    log_paths: log_paths(jail)?,
                    port: jail.port.clone(),
                    enabled: jail.enabled.unwrap_or(true),
                    ban_time: jail.ban_time,
                    find_time: jail.find_time,
                    max_retry: jail.max_retry,
                    ignore,
                };
                files.insert(
                    render::jail_file(&jail.jail),
                    render::managed_file(&managed),
                );
            } else {
                overrides.push(JailOverride {
                    jail: jail.jail.clone(),
                    enabled: jail.enabled,
                    ban_time: jail.ban_time,
                    find_time: jail.find_time,
                    max_retry: jail.max_retry,
                    ignore,
                    own_ignoreip: false,
                });
            }
        }
        // Jails with ignore entries but no settings of BanGUI's.
        let with_entries: Vec<String> = self
            .ignores
            .iter()
            .map(|e| e.section.clone())
            .filter(|s| s != ignore_entry::ALLOWLIST)
            .collect();
        for jail in with_entries {
            if self.jail(&jail).is_none() && !overrides.iter().any(|o| o.jail == jail) {
                overrides.push(JailOverride {
                    ignore: entries(&self.entries(&jail)),
                    jail,
                    ..Default::default()
                });
            }
        }
        // Jails whose own section in the operator's files sets ignoreip do not
        // take [DEFAULT]'s, so the allowlist is added to them one by one.
        for jail in operator.section_names() {
            if operator.last(&jail, "ignoreip", everywhere).is_none() {
                continue;
            }
            match overrides.iter_mut().find(|o| o.jail == jail) {
                Some(found) => found.own_ignoreip = true,
                None => overrides.push(JailOverride {
                    jail,
                    own_ignoreip: true,
                    ..Default::default()
                }),
            }
        }
        let main = MainFile {
            default_ignoreip: operator
                .last("DEFAULT", "ignoreip", everywhere)
                .map(|o| o.value),
            allowlist: entries(&self.entries(ignore_entry::ALLOWLIST)),
            jails: overrides,
        };
        files.insert(render::MAIN_FILE.to_owned(), render::main_file(&main));
        Ok(files)
    }
}

/// A managed jail's log paths, stored as a JSON array.
pub fn log_paths(jail: &jail_config::Model) -> ServiceResult<Vec<String>> {
    match &jail.log_paths {
        Some(text) => serde_json::from_str(text)
            .map_err(|e| ServiceError::internal("reading a jail's stored log paths", e)),
        None => Ok(Vec::new()),
    }
}

fn entries(rows: &[&ignore_entry::Model]) -> Vec<Entry> {
    rows.iter()
        .map(|row| Entry {
            network: row.network.clone(),
            comment: row.comment.clone(),
            expires_at: row.expires_at,
            added_by: row.added_by.clone(),
        })
        .collect()
}
