//! Blocklist sources as stored: checked, created, changed, deleted and looked
//! up, each name unique.

use entity::{blocklist_ip, blocklist_source};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder,
};

use tracing::warn;

use super::fetch::UrlPolicy;
use crate::error::{ServiceError, ServiceResult};
use crate::jails::Fail2banService;
use crate::validate;

/// Shortest and longest schedule, in minutes.
const INTERVAL_MINUTES: std::ops::RangeInclusive<i32> = 5..=527_040;
/// Longest name and URL.
const MAX_NAME: usize = 100;
const MAX_URL: usize = 2_048;
/// Most allowlist entries.
const MAX_ALLOWLIST: usize = 1_000;

/// A source as given by an administrator.
#[derive(Clone, Debug)]
pub struct SourceInput {
    pub name: String,
    pub url: String,
    pub jail: String,
    pub enabled: bool,
    pub interval_minutes: i32,
    pub allowlist: Vec<String>,
    pub unban_removed: bool,
}

/// A validated input with its allowlist normalised, as stored (a JSON array).
struct Checked {
    input: SourceInput,
    allowlist_json: String,
}

fn check(mut input: SourceInput, policy: &UrlPolicy) -> ServiceResult<Checked> {
    input.name = input.name.trim().to_owned();
    if input.name.is_empty() || input.name.chars().count() > MAX_NAME {
        return Err(ServiceError::BadInput(format!(
            "name must be 1 to {MAX_NAME} characters"
        )));
    }
    input.url = input.url.trim().to_owned();
    if input.url.len() > MAX_URL {
        return Err(ServiceError::BadInput(format!(
            "url must be at most {MAX_URL} characters"
        )));
    }
    let url = reqwest::Url::parse(&input.url)
        .map_err(|e| ServiceError::BadInput(format!("url {:?} is not valid: {e}", input.url)))?;
    policy
        .check_url(&url)
        .map_err(|e| ServiceError::BadInput(e.to_string()))?;
    validate::jail_name(&input.jail)?;
    if !INTERVAL_MINUTES.contains(&input.interval_minutes) {
        return Err(ServiceError::BadInput(format!(
            "intervalMinutes must be between {} and {}, not {}",
            INTERVAL_MINUTES.start(),
            INTERVAL_MINUTES.end(),
            input.interval_minutes
        )));
    }
    if input.allowlist.len() > MAX_ALLOWLIST {
        return Err(ServiceError::BadInput(format!(
            "allowlist holds at most {MAX_ALLOWLIST} entries"
        )));
    }
    let allowlist = input
        .allowlist
        .iter()
        .map(|entry| validate::network(entry).map(|n| n.to_string()))
        .collect::<ServiceResult<Vec<_>>>()?;
    let allowlist_json = serde_json::to_string(&allowlist)
        .map_err(|e| ServiceError::internal("encoding the allowlist", e))?;
    Ok(Checked {
        input,
        allowlist_json,
    })
}

/// The allowlist of a stored source.
pub fn allowlist(source: &blocklist_source::Model) -> Vec<String> {
    serde_json::from_str(&source.allowlist).unwrap_or_default()
}

async fn name_taken(
    db: &DatabaseConnection,
    name: &str,
    except: Option<i64>,
) -> ServiceResult<bool> {
    let found = blocklist_source::Entity::find()
        .filter(blocklist_source::Column::Name.eq(name))
        .one(db)
        .await?;
    Ok(found.is_some_and(|s| Some(s.id) != except))
}

/// Refuses a jail fail2ban does not know (running or stopped). When fail2ban
/// cannot be asked, the source is saved and its imports report the jail.
async fn known_jail(jails: &Fail2banService, jail: &str) -> ServiceResult<()> {
    match jails.jails().await {
        Ok(known) if !known.iter().any(|(name, _)| name == jail) => Err(ServiceError::BadInput(
            format!("fail2ban has no jail named {jail:?}"),
        )),
        Ok(_) => Ok(()),
        Err(e) => {
            warn!(jail, error = %e, "cannot check the jail of a blocklist source");
            Ok(())
        }
    }
}

fn conflict(name: &str) -> ServiceError {
    ServiceError::Conflict(format!("a blocklist source named {name:?} exists already"))
}

/// Every source, by name.
pub async fn list(db: &DatabaseConnection) -> ServiceResult<Vec<blocklist_source::Model>> {
    Ok(blocklist_source::Entity::find()
        .order_by_asc(blocklist_source::Column::Name)
        .all(db)
        .await?)
}

pub async fn get(db: &DatabaseConnection, id: i64) -> ServiceResult<blocklist_source::Model> {
    blocklist_source::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("no blocklist source with id {id}")))
}

/// The sources with these ids, in one query; unknown ids are left out.
pub async fn get_many(
    db: &DatabaseConnection,
    ids: &[i64],
) -> ServiceResult<Vec<blocklist_source::Model>> {
    Ok(blocklist_source::Entity::find()
        .filter(blocklist_source::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?)
}

pub async fn create(
    db: &DatabaseConnection,
    jails: &Fail2banService,
    policy: &UrlPolicy,
    input: SourceInput,
) -> ServiceResult<blocklist_source::Model> {
    let checked = check(input, policy)?;
    if name_taken(db, &checked.input.name, None).await? {
        return Err(conflict(&checked.input.name));
    }
    known_jail(jails, &checked.input.jail).await?;
    let now = crate::time::now();
    let input = checked.input;
    let row = blocklist_source::ActiveModel {
        name: Set(input.name.clone()),
        url: Set(input.url),
        jail: Set(input.jail),
        enabled: Set(input.enabled),
        interval_minutes: Set(input.interval_minutes),
        allowlist: Set(checked.allowlist_json),
        unban_removed: Set(input.unban_removed),
        etag: Set(None),
        last_modified: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        host_id: Set(jails.host().id),
        ..Default::default()
    };
    row.insert(db).await.map_err(|e| match e.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => conflict(&input.name),
        _ => ServiceError::from(e),
    })
}

/// Changes a source; returns it as it was and as it is now.
pub async fn update(
    db: &DatabaseConnection,
    jails: &Fail2banService,
    policy: &UrlPolicy,
    id: i64,
    input: SourceInput,
) -> ServiceResult<(blocklist_source::Model, blocklist_source::Model)> {
    let current = get(db, id).await?;
    if jails.host().id != current.host_id {
        return Err(ServiceError::BadInput(
            "a blocklist source's host cannot change: add a source for the other host".into(),
        ));
    }
    let checked = check(input, policy)?;
    if name_taken(db, &checked.input.name, Some(id)).await? {
        return Err(conflict(&checked.input.name));
    }
    if checked.input.jail != current.jail {
        known_jail(jails, &checked.input.jail).await?;
    }
    let input = checked.input;
    let url_changed = current.url != input.url;
    let before = current.clone();
    let mut row: blocklist_source::ActiveModel = current.into();
    if url_changed {
        // The validators belong to the old URL.
        row.etag = Set(None);
        row.last_modified = Set(None);
    }
    row.name = Set(input.name);
    row.url = Set(input.url);
    row.jail = Set(input.jail);
    row.enabled = Set(input.enabled);
    row.interval_minutes = Set(input.interval_minutes);
    row.allowlist = Set(checked.allowlist_json);
    row.unban_removed = Set(input.unban_removed);
    row.updated_at = Set(crate::time::now());
    Ok((before, row.update(db).await?))
}

/// Deletes a source with its runs and provenance; its bans stay in fail2ban.
/// Returns the source as it was.
pub async fn delete(db: &DatabaseConnection, id: i64) -> ServiceResult<blocklist_source::Model> {
    let before = get(db, id).await?;
    blocklist_ip::Entity::delete_many()
        .filter(blocklist_ip::Column::SourceId.eq(id))
        .exec(db)
        .await?;
    entity::import_run::Entity::delete_many()
        .filter(entity::import_run::Column::SourceId.eq(id))
        .exec(db)
        .await?;
    blocklist_source::Entity::delete_by_id(id).exec(db).await?;
    Ok(before)
}

/// The sources whose latest list contained `ip`.
pub async fn containing(
    db: &DatabaseConnection,
    ip: &str,
) -> ServiceResult<Vec<blocklist_source::Model>> {
    let ids: Vec<i64> = blocklist_ip::Entity::find()
        .filter(blocklist_ip::Column::Ip.eq(ip))
        .all(db)
        .await?
        .into_iter()
        .map(|row| row.source_id)
        .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(blocklist_source::Entity::find()
        .filter(blocklist_source::Column::Id.is_in(ids))
        .order_by_asc(blocklist_source::Column::Name)
        .all(db)
        .await?)
}

/// A list URL as shown to someone who may not see its credentials: no user
/// or password, and every query value (where list services put their keys)
/// replaced by `REDACTED`. Text that is not a URL is not shown.
pub fn url_without_credentials(url: &str) -> String {
    let Ok(mut parsed) = reqwest::Url::parse(url) else {
        return "(hidden)".to_owned();
    };
    let _ = parsed.set_username("");
    let _ = parsed.set_password(None);
    let keys: Vec<String> = parsed.query_pairs().map(|(k, _)| k.into_owned()).collect();
    if keys.is_empty() {
        parsed.set_query(None);
    } else {
        let mut pairs = parsed.query_pairs_mut();
        pairs.clear();
        for key in &keys {
            pairs.append_pair(key, "REDACTED");
        }
    }
    parsed.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_removed_from_shown_urls() {
        assert_eq!(
            url_without_credentials("https://me:s3cret@lists.example/drop.txt?key=abc&fmt=txt"),
            "https://lists.example/drop.txt?key=REDACTED&fmt=REDACTED"
        );
        assert_eq!(
            url_without_credentials("http://lists.example/a.txt"),
            "http://lists.example/a.txt"
        );
    }
}
