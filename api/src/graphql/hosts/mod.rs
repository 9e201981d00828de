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
use crate::graphql::error::GqlResult;

/// The fail2ban of the host a change names: the local host when none is
/// named; BAD_USER_INPUT for a name no host has.
pub async fn fail2ban_on(
    ctx: &Context<'_>,
    host: Option<&str>,
) -> async_graphql::Result<Fail2banService> {
    app(ctx)?.hosts.for_write(host).await.gql()
}

/// The ban service of the host a change names.
pub async fn bans_on(ctx: &Context<'_>, host: Option<&str>) -> async_graphql::Result<BanService> {
    Ok(app(ctx)?.bans.on(fail2ban_on(ctx, host).await?))
}

/// The ban service of every host, the local one first.
pub async fn every_host(ctx: &Context<'_>) -> async_graphql::Result<Vec<BanService>> {
    let state = app(ctx)?;
    let services = state.hosts.for_read(None).await.gql()?;
    Ok(services.into_iter().map(|s| state.bans.on(s)).collect())
}

/// The jail service of the host a change names.
pub async fn jails_on(ctx: &Context<'_>, host: Option<&str>) -> async_graphql::Result<JailService> {
    Ok(JailService::new(fail2ban_on(ctx, host).await?))
}
