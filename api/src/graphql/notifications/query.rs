//! `Query.notificationChannels`, `notificationRules` and `deliveries`.

use async_graphql::{Context, Object};
use bangui_core::Role;
use bangui_core::pagination::PageRequest;

use super::types::{
    Delivery, DeliveryConnection, DeliveryEdge, DeliveryQuery, DeliveryStatus, NotificationChannel,
    NotificationRule,
};
use crate::graphql::context::{RoleGuard, app};
use crate::graphql::error::GqlResult;
use crate::graphql::pagination::PageInfo;

#[derive(Default)]
pub struct NotificationsQuery;

#[Object]
impl NotificationsQuery {
    /// Every notification channel, by name. Needs ADMIN.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn notification_channels(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<NotificationChannel>> {
        let channels = app(ctx)?.notify.channels().await.gql()?;
        Ok(channels.into_iter().map(NotificationChannel).collect())
    }

    /// Every notification rule, by name. Needs ADMIN.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn notification_rules(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<NotificationRule>> {
        let rules = app(ctx)?.notify.rules().await.gql()?;
        Ok(rules.into_iter().map(NotificationRule).collect())
    }

    /// Deliveries, newest first. Needs ADMIN.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn deliveries(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many from the newest, or after `after`.")] first: Option<i64>,
        #[graphql(desc = "A cursor: the deliveries after it (older).")] after: Option<String>,
        #[graphql(desc = "How many from the oldest end, or before `before`.")] last: Option<i64>,
        #[graphql(desc = "A cursor: the deliveries before it (newer).")] before: Option<String>,
        #[graphql(desc = "Only deliveries in this status.")] status: Option<DeliveryStatus>,
    ) -> async_graphql::Result<DeliveryConnection> {
        let request = PageRequest {
            first,
            after,
            last,
            before,
        };
        let (page, total) = app(ctx)?
            .notify
            .deliveries(&request, status.map(DeliveryStatus::as_str))
            .await
            .gql()?;
        Ok(DeliveryConnection {
            page_info: PageInfo::of(&page),
            edges: page
                .items
                .into_iter()
                .map(|(cursor, row)| DeliveryEdge {
                    cursor,
                    node: Delivery(row),
                })
                .collect(),
            query: DeliveryQuery(total),
        })
    }
}
