//! `addHost`, `rotateAgentToken` and `removeHost`: ADMIN, each audited.

use async_graphql::{Context, ID, Object};
use bangui_core::Role;
use bangui_core::hosts::Enrollment;

use super::types::{AgentEnrollment, Host};
use crate::graphql::accounts::types::parse_id;
use crate::graphql::context::{RoleGuard, acting, app};
use crate::graphql::error::GqlResult;

#[derive(Default)]
pub struct HostsMutation;

impl From<Enrollment> for AgentEnrollment {
    fn from(e: Enrollment) -> Self {
        AgentEnrollment {
            host: Host(e.host),
            token: e.token,
        }
    }
}

#[Object]
impl HostsMutation {
    /// Adds a host that will run `bangui agent` and returns its agent token,
    /// shown this once. A removed host of that name comes back with its
    /// archive. Needs ADMIN.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn add_host(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Its name: letters, digits, - _ . (e.g. its host name).")] name: String,
    ) -> async_graphql::Result<AgentEnrollment> {
        let enrollment = app(ctx)?.hosts.add(acting(ctx)?, name.trim()).await.gql()?;
        Ok(enrollment.into())
    }

    /// Gives a host a new agent token; the old one stops working and its
    /// agent is disconnected at once. Needs ADMIN.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn rotate_agent_token(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The host.")] id: ID,
    ) -> async_graphql::Result<AgentEnrollment> {
        let id = parse_id(&id)?;
        let enrollment = app(ctx)?.hosts.rotate(acting(ctx)?, id).await.gql()?;
        Ok(enrollment.into())
    }

    /// Removes a host: its token stops working and its agent is
    /// disconnected; its archived bans stay. Needs ADMIN.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn remove_host(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The host.")] id: ID,
    ) -> async_graphql::Result<bool> {
        let id = parse_id(&id)?;
        app(ctx)?.hosts.remove(acting(ctx)?, id).await.gql()
    }
}
