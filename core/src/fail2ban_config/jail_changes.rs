//! Changing jails: settings, enabled, and jails BanGUI creates and deletes.

use entity::jail_config;
use serde_json::json;

use super::apply::Reload;
use super::inputs::NewJail;
use super::service::{ConfigService, Write, no_jail, replace_jail};
use super::stored::Stored;
use super::view;
use crate::actor::Actor;
use crate::audit::changes;
use crate::error::{ServiceError, ServiceResult};
use crate::jails::{JailSetting, JailSettings, JailState};
use crate::validate;

impl ConfigService {
    /// Persists banTime, findTime and maxRetry of a jail, then reloads it.
    pub async fn update_jail(
        &self,
        actor: &Actor,
        name: &str,
        settings: &JailSettings,
    ) -> ServiceResult<JailState> {
        let mut recorded = Vec::new();
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
            self.change(
                actor,
                Reload::Jail(name.to_owned()),
                &mut recorded,
                |stored| {
                    let mut row = self.jail_row(stored, name, actor);
                    row.ban_time = ban_time.or(row.ban_time);
                    row.find_time = find_time.or(row.find_time);
                    row.max_retry = max_retry.or(row.max_retry);
                    replace_jail(stored, row.clone());
                    Ok(vec![Write::Jail(row)])
                },
            )
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
            recorded,
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
        let mut recorded = Vec::new();
        let mut before = None;
        let result = async {
            validate::jail_name(name)?;
            let configured = view::configured(&self.layers().await?, name);
            if !configured.defined {
                return Err(no_jail(name));
            }
            before = Some(configured.enabled);
            self.change(
                actor,
                Reload::Jail(name.to_owned()),
                &mut recorded,
                |stored| {
                    let mut row = self.jail_row(stored, name, actor);
                    row.enabled = Some(enabled);
                    replace_jail(stored, row.clone());
                    Ok(vec![Write::Jail(row)])
                },
            )
            .await?;
            self.state(name).await
        }
        .await;
        let details = changes([("enabled", json!(before), json!(enabled))]);
        self.finish(
            actor,
            "setJailEnabled",
            name.to_owned(),
            result,
            details,
            recorded,
        )
        .await
    }

    /// Creates a jail from an installed filter, in a file of its own.
    pub async fn create_jail(&self, actor: &Actor, input: NewJail) -> ServiceResult<JailState> {
        let mut recorded = Vec::new();
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
            let row = self.new_jail_row(actor, input).await?;
            let name = row.jail.clone();
            self.change(actor, Reload::Jail(name.clone()), &mut recorded, |stored| {
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
        self.finish(actor, "createJail", name, result, Some(details), recorded)
            .await
    }

    /// Deletes a jail BanGUI created, with its ignore entries.
    pub async fn delete_jail(&self, actor: &Actor, name: &str) -> ServiceResult<()> {
        let mut recorded = Vec::new();
        let result = async {
            validate::jail_name(name)?;
            let defined = view::configured(&self.layers().await?, name).defined;
            self.change(actor, Reload::Removed(name.to_owned()), &mut recorded, |stored| {
                match stored.jail(name) {
                    Some(row) if row.managed => {}
                    Some(_) | None if defined => {
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
            .await?;
            self.fail2ban.forget_jail(name).await
        }
        .await;
        self.finish(actor, "deleteJail", name.to_owned(), result, None, recorded)
            .await
    }

    /// The stored row of `jail`, or a new one.
    pub(super) fn jail_row(
        &self,
        stored: &Stored,
        jail: &str,
        actor: &Actor,
    ) -> jail_config::Model {
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

    pub(super) async fn new_jail_row(
        &self,
        actor: &Actor,
        input: NewJail,
    ) -> ServiceResult<jail_config::Model> {
        let name = validate::jail_name(input.name.trim())?.to_owned();
        if name == "DEFAULT" || name == "INCLUDES" || name.contains(['/', '.']) {
            return Err(ServiceError::BadInput(format!(
                "{name:?} cannot name a jail"
            )));
        }
        if view::configured(&self.layers().await?, &name).defined {
            return Err(ServiceError::Conflict(format!(
                "a jail named {name:?} exists already"
            )));
        }
        if !self.fail2ban.files().filter_exists(&input.filter).await? {
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
}
