//! Reading the configuration: jails as configured, ignore lists, the
//! allowlist, filters and the change history.

use entity::{config_change, ignore_entry};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

use super::inputs::{IgnoreEntry, JailConfig};
use super::service::{ConfigService, same};
use super::stored::Stored;
use bangui_fail2ban::conf::filters;

use super::view;
use crate::error::ServiceResult;
use crate::pagination::{Page, PageRequest};
use crate::validate;

impl ConfigService {
    /// How `jail` is configured, and whether BanGUI created it.
    pub async fn jail(&self, jail: &str) -> ServiceResult<JailConfig> {
        let stored = Stored::load(&self.db, &self.host).await?;
        Ok(JailConfig {
            configured: view::configured(&self.layers().await?, jail),
            managed: stored.jail(jail).is_some_and(|j| j.managed),
        })
    }

    /// Every jail fail2ban runs or BanGUI has seen, and every jail a file
    /// enables or disables, by name, with whether it runs now.
    pub async fn jails(&self) -> ServiceResult<Vec<(String, bool)>> {
        let mut jails = self.fail2ban.jails().await?;
        for (name, _) in view::with_enabled(&self.layers().await?) {
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
    pub async fn filters(&self) -> ServiceResult<Vec<filters::Filter>> {
        Ok(self.fail2ban.files().filters().await?)
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

    /// The id of the newest recorded change, 0 when there is none.
    pub async fn latest_change_id(&self) -> ServiceResult<i64> {
        let newest = config_change::Entity::find()
            .order_by_desc(config_change::Column::Id)
            .one(&self.db)
            .await?;
        Ok(newest.map_or(0, |c| c.id))
    }

    /// Changes recorded after `id` by any instance, oldest first, at most 100.
    pub async fn changes_after(&self, id: i64) -> ServiceResult<Vec<config_change::Model>> {
        Ok(config_change::Entity::find()
            .filter(config_change::Column::Id.gt(id))
            .order_by_asc(config_change::Column::Id)
            .limit(100)
            .all(&self.db)
            .await?)
    }
}
