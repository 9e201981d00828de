//! Runtime settings kept in the `setting` table as JSON values.

use entity::setting;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, DatabaseConnection, EntityTrait};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::db::retry_busy;
use crate::error::ServiceResult;

/// Reads a setting; `None` when unset or unreadable.
pub async fn get<T: DeserializeOwned>(
    db: &DatabaseConnection,
    key: &str,
) -> ServiceResult<Option<T>> {
    let row = setting::Entity::find_by_id(key.to_owned()).one(db).await?;
    Ok(row.and_then(|r| serde_json::from_str(&r.value).ok()))
}

/// Writes a setting, replacing any earlier value.
pub async fn put<T: Serialize>(db: &DatabaseConnection, key: &str, value: &T) -> ServiceResult<()> {
    let row = setting::ActiveModel {
        key: Set(key.to_owned()),
        value: Set(serde_json::to_string(value).map_err(|e| {
            crate::ServiceError::internal(format!("encoding the setting {key}"), e)
        })?),
        updated_at: Set(crate::time::now()),
    };
    retry_busy(|| {
        setting::Entity::insert(row.clone())
            .on_conflict(
                OnConflict::column(setting::Column::Key)
                    .update_columns([setting::Column::Value, setting::Column::UpdatedAt])
                    .to_owned(),
            )
            .exec(db)
    })
    .await?;
    Ok(())
}
