//! `banIp`, `banIps`, `unbanIp` and `unbanIps`: OPERATOR and above; each is audited by
//! the ban service.

use async_graphql::{Context, Object};
use bangui_core::Role;
use bangui_core::bans::BanRequest;

use super::types::{BanResult, BulkBanResult, BulkUnbanResult, UnbanResult};
use crate::graphql::configuration::types::check_host;
use crate::graphql::context::{RoleGuard, acting, app};
use crate::graphql::error::GqlResult;
use crate::request::RequestAuth;

#[derive(Default)]
pub struct BansMutation;

/// A manual ban as the arguments ask for it, from the request's address.
fn ban_request<'a>(
    ctx: &Context<'_>,
    jail: &'a str,
    force: Option<bool>,
    reason: Option<String>,
    duration: Option<i64>,
) -> BanRequest<'a> {
    BanRequest {
        jail,
        force: force.unwrap_or(false),
        reason,
        duration,
        caller: ctx
            .data_opt::<RequestAuth>()
            .and_then(|r| r.client_addr.parse().ok()),
    }
}

#[Object]
impl BansMutation {
    /// Bans an address or network in a jail. Refused with WOULD_LOCK_OUT when
    /// it covers the caller's own address, one of the server's or an
    /// allowlist entry, unless `force`. Needs OPERATOR.
    #[graphql(guard = "RoleGuard(Role::Operator)")]
    #[allow(clippy::too_many_arguments)]
    async fn ban_ip(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The jail to ban in.")] jail: String,
        #[graphql(desc = "The address, or a network in CIDR notation.")] ip: String,
        #[graphql(desc = "The fail2ban host; this BanGUI's own when null.")] host: Option<String>,
        #[graphql(
            desc = "Ban even what the lockout guard refuses.",
            default_with = "Some(false)"
        )]
        force: Option<bool>,
        #[graphql(desc = "Why, kept with the ban.")] reason: Option<String>,
        #[graphql(
            desc = "This ban's own length in seconds, at most the jail's banTime; BanGUI lifts it then."
        )]
        duration: Option<i64>,
    ) -> async_graphql::Result<BanResult> {
        check_host(ctx, host.as_deref())?;
        let state = app(ctx)?;
        let request = ban_request(ctx, &jail, force, reason, duration);
        let o = state.bans.ban(acting(ctx)?, &request, &ip).await.gql()?;
        Ok(BanResult {
            jail: o.jail,
            ip: o.ip,
            already_banned: o.already_banned,
            host: state.configuration.host().to_owned(),
        })
    }

    /// Bans many addresses or networks in a jail with multi-address
    /// commands. Invalid entries are reported, valid ones banned; the whole
    /// call is refused with WOULD_LOCK_OUT when one would lock out, unless
    /// `force`. Needs OPERATOR.
    #[graphql(guard = "RoleGuard(Role::Operator)")]
    #[allow(clippy::too_many_arguments)]
    async fn ban_ips(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The jail to ban in.")] jail: String,
        #[graphql(desc = "The addresses, at most 1,000; invalid ones are reported, not banned.")]
        ips: Vec<String>,
        #[graphql(desc = "The fail2ban host; this BanGUI's own when null.")] host: Option<String>,
        #[graphql(
            desc = "Ban even what the lockout guard refuses.",
            default_with = "Some(false)"
        )]
        force: Option<bool>,
        #[graphql(desc = "Why, kept with each ban.")] reason: Option<String>,
        #[graphql(
            desc = "The bans' own length in seconds, at most the jail's banTime; BanGUI lifts them then."
        )]
        duration: Option<i64>,
    ) -> async_graphql::Result<BulkBanResult> {
        check_host(ctx, host.as_deref())?;
        let request = ban_request(ctx, &jail, force, reason, duration);
        let o = app(ctx)?
            .bans
            .ban_many(acting(ctx)?, &request, &ips)
            .await
            .gql()?;
        Ok(BulkBanResult {
            jail: o.jail,
            banned: o.banned,
            already_banned: o.already_banned,
            invalid: o.invalid,
        })
    }

    /// Unbans an address, or a network's ban, in one jail, or in every jail
    /// where it is banned when none is given. Needs OPERATOR.
    #[graphql(guard = "RoleGuard(Role::Operator)")]
    async fn unban_ip(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The address, or a network in CIDR notation.")] ip: String,
        #[graphql(desc = "One jail; every jail where it is banned when null.")] jail: Option<
            String,
        >,
        #[graphql(desc = "The fail2ban host; this BanGUI's own when null.")] host: Option<String>,
    ) -> async_graphql::Result<UnbanResult> {
        check_host(ctx, host.as_deref())?;
        let jails = app(ctx)?
            .bans
            .unban(acting(ctx)?, &ip, jail.as_deref())
            .await
            .gql()?;
        Ok(UnbanResult {
            ip: ip.trim().to_owned(),
            jails,
        })
    }

    /// Unbans many addresses or networks, in one jail or in every jail where
    /// each is banned; invalid entries are reported. Needs OPERATOR.
    #[graphql(guard = "RoleGuard(Role::Operator)")]
    async fn unban_ips(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Addresses or CIDR networks, at most 1,000.")] ips: Vec<String>,
        #[graphql(desc = "One jail; every jail where each is banned when null.")] jail: Option<
            String,
        >,
        #[graphql(desc = "The fail2ban host; this BanGUI's own when null.")] host: Option<String>,
    ) -> async_graphql::Result<BulkUnbanResult> {
        check_host(ctx, host.as_deref())?;
        let o = app(ctx)?
            .bans
            .unban_many(acting(ctx)?, &ips, jail.as_deref())
            .await
            .gql()?;
        Ok(BulkUnbanResult {
            unbanned: o.unbanned,
            not_banned: o.not_banned,
            invalid: o.invalid,
        })
    }
}
