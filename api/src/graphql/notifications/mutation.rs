//! Creating, changing, deleting and testing channels and rules. ADMIN only;
//! each is audited.

use async_graphql::{Context, ID, Object};
use bangui_core::Role;

use super::types::{
    Delivery, NotificationChannel, NotificationChannelInput, NotificationRule,
    NotificationRuleInput,
};
use crate::graphql::accounts::types::parse_id;
use crate::graphql::context::{RoleGuard, acting, app};
use crate::graphql::error::GqlResult;

#[derive(Default)]
pub struct NotificationsMutation;

#[Object]
impl NotificationsMutation {
    /// Adds a channel; its URL must pass the outbound policy. Needs ADMIN.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn create_notification_channel(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The channel.")] input: NotificationChannelInput,
    ) -> async_graphql::Result<NotificationChannel> {
        let row = app(ctx)?
            .notify
            .create_channel(acting(ctx)?, input.into())
            .await
            .gql()?;
        Ok(NotificationChannel(row))
    }

    /// Changes a channel; a null secret keeps the stored one. Needs ADMIN.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn update_notification_channel(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The channel.")] id: ID,
        #[graphql(desc = "Its new settings.")] input: NotificationChannelInput,
    ) -> async_graphql::Result<NotificationChannel> {
        let id = parse_id(&id)?;
        let row = app(ctx)?
            .notify
            .update_channel(acting(ctx)?, id, input.into())
            .await
            .gql()?;
        Ok(NotificationChannel(row))
    }

    /// Deletes a channel; rules keep their other channels. Needs ADMIN.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn delete_notification_channel(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The channel.")] id: ID,
    ) -> async_graphql::Result<bool> {
        let id = parse_id(&id)?;
        app(ctx)?
            .notify
            .delete_channel(acting(ctx)?, id)
            .await
            .gql()
    }

    /// Sends a test message to a channel; the delivery shows how it went.
    /// Needs ADMIN.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn test_notification_channel(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The channel.")] id: ID,
    ) -> async_graphql::Result<Delivery> {
        let id = parse_id(&id)?;
        let row = app(ctx)?
            .notify
            .test_channel(acting(ctx)?, id)
            .await
            .gql()?;
        Ok(Delivery(row))
    }

    /// Adds a rule. Needs ADMIN.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn create_notification_rule(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The rule.")] input: NotificationRuleInput,
    ) -> async_graphql::Result<NotificationRule> {
        let rule = app(ctx)?
            .notify
            .create_rule(acting(ctx)?, input.into_core()?)
            .await
            .gql()?;
        Ok(NotificationRule(rule))
    }

    /// Changes a rule. Needs ADMIN.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn update_notification_rule(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The rule.")] id: ID,
        #[graphql(desc = "Its new settings.")] input: NotificationRuleInput,
    ) -> async_graphql::Result<NotificationRule> {
        let id = parse_id(&id)?;
        let rule = app(ctx)?
            .notify
            .update_rule(acting(ctx)?, id, input.into_core()?)
            .await
            .gql()?;
        Ok(NotificationRule(rule))
    }

    /// Deletes a rule. Needs ADMIN.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn delete_notification_rule(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The rule.")] id: ID,
    ) -> async_graphql::Result<bool> {
        let id = parse_id(&id)?;
        app(ctx)?.notify.delete_rule(acting(ctx)?, id).await.gql()
    }
}
