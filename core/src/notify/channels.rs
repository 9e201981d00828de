//! Channels: created, changed and deleted by an ADMIN, their URLs checked by
//! the outbound policy, their secrets kept and never shown.

use entity::{delivery, notification_channel, notification_rule_channel, notify_cursor};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};

use super::kinds::ChannelKind;
use super::service::{NotifyService, refused};
use crate::actor::Actor;
use crate::error::{ServiceError, ServiceResult};

/// Longest channel name, target and secret.
const MAX_NAME: usize = 100;
const MAX_TARGET: usize = 2_048;
const MAX_SECRET: usize = 1_024;

/// A channel as an ADMIN gives it.
#[derive(Clone, Debug)]
pub struct ChannelInput {
    pub name: String,
    pub kind: ChannelKind,
    /// A URL, or an e-mail address for EMAIL.
    pub target: String,
    /// On a change, `None` keeps the stored secret and `""` removes it.
    pub secret: Option<String>,
    pub enabled: bool,
}

impl NotifyService {
    /// Every channel, by name.
    pub async fn channels(&self) -> ServiceResult<Vec<notification_channel::Model>> {
        Ok(notification_channel::Entity::find()
            .order_by_asc(notification_channel::Column::Name)
            .all(&self.db)
            .await?)
    }

    pub async fn channel(&self, id: i64) -> ServiceResult<notification_channel::Model> {
        notification_channel::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or_else(|| ServiceError::NotFound(format!("there is no notification channel {id}")))
    }

    pub async fn create_channel(
        &self,
        actor: &Actor,
        input: ChannelInput,
    ) -> ServiceResult<notification_channel::Model> {
        let name = input.name.clone();
        let result = async {
            let input = self.checked(input)?;
            self.unique_name(&input.name, None).await?;
            let row = notification_channel::ActiveModel {
                name: Set(input.name),
                kind: Set(input.kind.as_str().to_owned()),
                target: Set(input.target),
                secret: Set(input.secret.filter(|s| !s.is_empty())),
                enabled: Set(input.enabled),
                created_at: Set(crate::time::now()),
                ..Default::default()
            };
            Ok(row.insert(&self.db).await?)
        }
        .await;
        self.audit
            .record(
                actor,
                "createNotificationChannel",
                Some(name),
                &result,
                None,
            )
            .await;
        result
    }

    pub async fn update_channel(
        &self,
        actor: &Actor,
        id: i64,
        input: ChannelInput,
    ) -> ServiceResult<notification_channel::Model> {
        let result = async {
            let input = self.checked(input)?;
            let row = self.channel(id).await?;
            self.unique_name(&input.name, Some(id)).await?;
            let mut active: notification_channel::ActiveModel = row.into();
            active.name = Set(input.name);
            active.kind = Set(input.kind.as_str().to_owned());
            active.target = Set(input.target);
            if let Some(secret) = input.secret {
                active.secret = Set(Some(secret).filter(|s| !s.is_empty()));
            }
            active.enabled = Set(input.enabled);
            Ok(active.update(&self.db).await?)
        }
        .await;
        self.audit
            .record(
                actor,
                "updateNotificationChannel",
                Some(id.to_string()),
                &result,
                None,
            )
            .await;
        result
    }

    /// Deletes a channel with its deliveries; the rules that used it keep
    /// their other channels.
    pub async fn delete_channel(&self, actor: &Actor, id: i64) -> ServiceResult<bool> {
        let result = async {
            self.channel(id).await?;
            delivery::Entity::delete_many()
                .filter(delivery::Column::ChannelId.eq(id))
                .exec(&self.db)
                .await?;
            notify_cursor::Entity::delete_many()
                .filter(notify_cursor::Column::ChannelId.eq(id))
                .exec(&self.db)
                .await?;
            notification_rule_channel::Entity::delete_many()
                .filter(notification_rule_channel::Column::ChannelId.eq(id))
                .exec(&self.db)
                .await?;
            notification_channel::Entity::delete_by_id(id)
                .exec(&self.db)
                .await?;
            Ok(true)
        }
        .await;
        self.audit
            .record(
                actor,
                "deleteNotificationChannel",
                Some(id.to_string()),
                &result,
                None,
            )
            .await;
        result
    }

    async fn unique_name(&self, name: &str, except: Option<i64>) -> ServiceResult<()> {
        let taken = notification_channel::Entity::find()
            .filter(notification_channel::Column::Name.eq(name))
            .one(&self.db)
            .await?;
        match taken {
            Some(row) if Some(row.id) != except => Err(ServiceError::Conflict(format!(
                "there is a notification channel named {name:?} already"
            ))),
            _ => Ok(()),
        }
    }

    /// The input trimmed and checked: a name, a target the kind takes and
    /// the outbound policy allows, a secret of a sane length.
    fn checked(&self, mut input: ChannelInput) -> ServiceResult<ChannelInput> {
        input.name = input.name.trim().to_owned();
        input.target = input.target.trim().to_owned();
        if input.name.is_empty() || input.name.len() > MAX_NAME {
            return Err(ServiceError::BadInput(format!(
                "a channel's name has 1 to {MAX_NAME} characters"
            )));
        }
        if input.target.is_empty() || input.target.len() > MAX_TARGET {
            return Err(ServiceError::BadInput(format!(
                "a channel's target has 1 to {MAX_TARGET} characters"
            )));
        }
        if input.secret.as_ref().is_some_and(|s| s.len() > MAX_SECRET) {
            return Err(ServiceError::BadInput(format!(
                "a channel's secret has at most {MAX_SECRET} bytes"
            )));
        }
        if !input.kind.has_url() {
            if self.settings.mailer.is_none() {
                return Err(ServiceError::BadInput(
                    "EMAIL channels need an SMTP server: set BANGUI_SMTP_URL".into(),
                ));
            }
            if !super::email::is_address(&input.target) {
                return Err(ServiceError::BadInput(format!(
                    "{:?} is not an e-mail address",
                    input.target
                )));
            }
            return Ok(input);
        }
        let url = reqwest::Url::parse(&input.target).map_err(|e| {
            ServiceError::BadInput(format!("target {:?} is not a URL: {e}", input.target))
        })?;
        self.policy.check_url(&url).map_err(refused)?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(ServiceError::BadInput(
                "put a channel's credentials in its secret, not in its URL".into(),
            ));
        }
        Ok(input)
    }
}
