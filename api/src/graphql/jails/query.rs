//! `Query.jails` and `Query.jail`.

use async_graphql::{Context, Object};
use bangui_core::jails::JailService;
use bangui_core::{Role, ServiceError, ServiceResult};

use super::types::Jail;
use crate::graphql::context::{RoleGuard, app};
use crate::graphql::error::GqlResult;
use crate::graphql::hosts::jails_on;
use crate::state::AppState;

#[derive(Default)]
pub struct JailsQuery;

/// The jails of one host as its configuration and fail2ban know them.
async fn jails_of(state: &AppState, jails: &JailService) -> ServiceResult<Vec<Jail>> {
    let list = if jails.host().is_local() {
        state.configuration.jails().await?
    } else {
        state
            .configuration
            .on(jails.fail2ban().clone())
            .jails()
            .await?
    };
    Ok(list
        .into_iter()
        .map(|(name, running)| Jail::on(jails, name, running))
        .collect())
}

/// The jail services of the named host, or of every host; with every host,
/// the hosts whose agent is not connected are left out.
async fn hosts_jails(ctx: &Context<'_>, host: Option<&str>) -> async_graphql::Result<Vec<Jail>> {
    let state = app(ctx)?;
    if host.is_some() {
        let jails = jails_on(ctx, host).await?;
        return jails_of(state, &jails).await.gql();
    }
    let mut all = Vec::new();
    for service in state.hosts.for_read(None).await.gql()? {
        let jails = JailService::new(service);
        match jails_of(state, &jails).await {
            Ok(found) => all.extend(found),
            Err(ServiceError::HostUnavailable { .. }) => {}
            Err(e) => return Err(e).gql(),
        }
    }
    Ok(all)
}

#[Object]
impl JailsQuery {
    /// Every jail, running or stopped, and every jail a configuration file
    /// enables or disables, by host then name. Needs VIEWER.
    #[graphql(guard = "RoleGuard(Role::Viewer)")]
    async fn jails(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only this host's; every connected host's when null.")] host: Option<
            String,
        >,
    ) -> async_graphql::Result<Vec<Jail>> {
        hosts_jails(ctx, host.as_deref()).await
    }

    /// One jail by name; null when there is no such jail. Needs VIEWER.
    #[graphql(guard = "RoleGuard(Role::Viewer)")]
    async fn jail(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The jail's name.")] name: String,
        #[graphql(
            desc = "Its host; the local host's jail, else the first host's that has one, when null."
        )]
        host: Option<String>,
    ) -> async_graphql::Result<Option<Jail>> {
        let jails = hosts_jails(ctx, host.as_deref()).await?;
        Ok(jails.into_iter().find(|j| j.name == name))
    }
}
