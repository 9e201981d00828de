//! Hosts: the fail2bans this BanGUI manages, their agents' tokens, and the
//! way every other domain finds the host a field or mutation names.

pub mod mutation;
pub mod query;
pub mod subscription;
pub mod types;

use async_graphql::Context;
use bangui_core::bans::BanService;
use bangui_core::jails::{Fail2banService, JailService};

use crate::graphql::context::app;
use crate::graphql::error::{ErrorCode, GqlResult, error};

/// The fail2ban of the host a change names: the local host when none is
/// named; BAD_USER_INPUT for a name no host has.
pub async fn fail2ban_on(
    ctx: &Context<'_>,
    host: Option<&str>,
) -> async_graphql::Result<Fail2banService> {
    let state = app(ctx)?;
    match host {
        None => Ok(state.fail2ban.clone()),
        Some(name) => match state.hosts.by_name(name).await.gql()? {
            Some(found) if found.host.local => Ok(state.fail2ban.clone()),
            Some(_) => state.hosts.for_write(Some(name)).await.gql(),
            None => Err(error(
                ErrorCode::BadUserInput,
                format!("there is no host named {name:?}"),
            )),
        },
    }
}

/// Whether `host` names another host than the local one.
fn is_remote(service: &Fail2banService) -> bool {
    service.host().id != bangui_core::archive::LOCAL_HOST_ID
}

/// The ban service of the host a change names.
pub async fn bans_on(ctx: &Context<'_>, host: Option<&str>) -> async_graphql::Result<BanService> {
    let state = app(ctx)?;
    let service = fail2ban_on(ctx, host).await?;
    Ok(if is_remote(&service) {
        state.bans.on(service)
    } else {
        state.bans.clone()
    })
}

/// The ban service of every host, the local one first.
pub async fn every_host(ctx: &Context<'_>) -> async_graphql::Result<Vec<BanService>> {
    let state = app(ctx)?;
    Ok(state
        .hosts
        .for_read(None)
        .await
        .gql()?
        .into_iter()
        .map(|service| {
            if is_remote(&service) {
                state.bans.on(service)
            } else {
                state.bans.clone()
            }
        })
        .collect())
}

/// The jail service of the host a change names.
pub async fn jails_on(ctx: &Context<'_>, host: Option<&str>) -> async_graphql::Result<JailService> {
    let state = app(ctx)?;
    let service = fail2ban_on(ctx, host).await?;
    Ok(if is_remote(&service) {
        JailService::new(service)
    } else {
        state.jails.clone()
    })
}
