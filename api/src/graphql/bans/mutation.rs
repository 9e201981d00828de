//! `banIp`, `banIps`, `unbanIp` and `unbanIps`: OPERATOR and above; each is audited by
//! the ban service.

use async_graphql::{Context, Object};
use bangui_core::Role;

use super::types::{BanResult, BulkBanResult, BulkUnbanResult, UnbanResult};
use crate::graphql::configuration::types::check_host;
use crate::graphql::context::{RoleGuard, acting, app};
use crate::graphql::error::GqlResult;

#[derive(Default)]
pub struct BansMutation;

#[Object]
impl BansMutation {
    /// Bans an address in a jail. Needs OPERATOR.
    #[graphql(guard = "RoleGuard(Role::Operator)")]
    async fn ban_ip(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The jail to ban in.")] jail: String,
        #[graphql(desc = "The address.")] ip: String,
    ) -> async_graphql::Result<BanResult> {
        let o = app(ctx)?.bans.ban(acting(ctx)?, &jail, &ip).await.gql()?;
        Ok(BanResult {
            jail: o.jail,
            ip: o.ip,
            already_banned: o.already_banned,
        })
    }

    /// Bans many addresses in a jail with multi-address commands. Invalid
    /// entries are reported, valid ones banned. Needs OPERATOR.
    #[graphql(guard = "RoleGuard(Role::Operator)")]
    async fn ban_ips(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The jail to ban in.")] jail: String,
        #[graphql(desc = "The addresses, at most 1,000; invalid ones are reported, not banned.")]
        ips: Vec<String>,
    ) -> async_graphql::Result<BulkBanResult> {
        let o = app(ctx)?
            .bans
            .ban_many(acting(ctx)?, &jail, &ips)
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
