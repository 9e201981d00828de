//! `banIp`, `banIps`, `unbanIp` and `unbanIps`: OPERATOR and above; each is audited by
//! the ban service.

use async_graphql::{Context, Object};
use bangui_core::Role;
use bangui_core::bans::BanRequest;

use super::types::{BanResult, BulkBanResult, BulkUnbanResult, UnbanResult};
use crate::graphql::context::{RoleGuard, acting};
use crate::graphql::error::{ErrorCode, GqlResult, error};
use crate::graphql::hosts::{bans_on, every_host};
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

/// HOST_UNAVAILABLE for a change made on some hosts only.
fn not_everywhere(done: &[String], unavailable: &[String], what: &str) -> async_graphql::Error {
    let done = if done.is_empty() {
        "no host".to_owned()
    } else {
        done.join(", ")
    };
    error(
        ErrorCode::HostUnavailable,
        format!(
            "{what} on {done} only: {} not connected",
            unavailable
                .iter()
                .map(|h| format!("host {h:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    )
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
        let bans = bans_on(ctx, host.as_deref()).await?;
        let request = ban_request(ctx, &jail, force, reason, duration);
        let o = bans.ban(acting(ctx)?, &request, &ip).await.gql()?;
        Ok(BanResult {
            jail: o.jail,
            ip: o.ip,
            already_banned: o.already_banned,
            host: bans.host().name.clone(),
        })
    }

    /// Bans an address or network in a jail on every host that runs that
    /// jail. Refused with WOULD_LOCK_OUT as `banIp` is; HOST_UNAVAILABLE,
    /// after banning on the others, when a host's agent is not connected.
    /// Needs OPERATOR.
    #[graphql(guard = "RoleGuard(Role::Operator)")]
    async fn ban_ip_on_all_hosts(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The jail to ban in.")] jail: String,
        #[graphql(desc = "The address, or a network in CIDR notation.")] ip: String,
        #[graphql(
            desc = "Ban even what the lockout guard refuses.",
            default_with = "Some(false)"
        )]
        force: Option<bool>,
        #[graphql(desc = "Why, kept with each ban.")] reason: Option<String>,
    ) -> async_graphql::Result<Vec<BanResult>> {
        let request = ban_request(ctx, &jail, force, reason, None);
        let actor = acting(ctx)?;
        let mut results = Vec::new();
        let mut unavailable = Vec::new();
        for bans in every_host(ctx).await? {
            match bans.ban(actor, &request, &ip).await {
                Ok(o) => results.push(BanResult {
                    jail: o.jail,
                    ip: o.ip,
                    already_banned: o.already_banned,
                    host: bans.host().name.clone(),
                }),
                Err(bangui_core::ServiceError::HostUnavailable { host }) => unavailable.push(host),
                // A host that does not run the jail has nothing to ban.
                Err(bangui_core::ServiceError::NotFound(_)) => {}
                Err(e) => return Err(e).gql(),
            }
        }
        if !unavailable.is_empty() {
            return Err(not_everywhere(
                &results.iter().map(|r| r.host.clone()).collect::<Vec<_>>(),
                &unavailable,
                "banned",
            ));
        }
        if results.is_empty() {
            return Err(error(
                ErrorCode::NotFound,
                format!("no host runs a jail named {jail:?}"),
            ));
        }
        Ok(results)
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
        let bans = bans_on(ctx, host.as_deref()).await?;
        let request = ban_request(ctx, &jail, force, reason, duration);
        let o = bans.ban_many(acting(ctx)?, &request, &ips).await.gql()?;
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
        #[graphql(desc = "The fail2ban host; every host when null.")] host: Option<String>,
    ) -> async_graphql::Result<UnbanResult> {
        let actor = acting(ctx)?;
        let services = match host {
            Some(host) => vec![bans_on(ctx, Some(&host)).await?],
            None => every_host(ctx).await?,
        };
        let (mut jails, mut done, mut unavailable) = (Vec::new(), Vec::new(), Vec::new());
        for bans in services {
            match bans.unban(actor, &ip, jail.as_deref()).await {
                Ok(lifted) => {
                    jails.extend(lifted);
                    done.push(bans.host().name.clone());
                }
                Err(bangui_core::ServiceError::HostUnavailable { host }) => unavailable.push(host),
                Err(e) => return Err(e).gql(),
            }
        }
        if !unavailable.is_empty() {
            return Err(not_everywhere(&done, &unavailable, "unbanned"));
        }
        jails.sort();
        jails.dedup();
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
        #[graphql(desc = "The fail2ban host; every host when null.")] host: Option<String>,
    ) -> async_graphql::Result<BulkUnbanResult> {
        let actor = acting(ctx)?;
        let services = match host {
            Some(host) => vec![bans_on(ctx, Some(&host)).await?],
            None => every_host(ctx).await?,
        };
        let (mut done, mut unavailable) = (Vec::new(), Vec::new());
        // An entry counts as unbanned when some host lifted it.
        let mut lifted = std::collections::BTreeSet::new();
        let mut invalid = Vec::new();
        for bans in services {
            match bans.unban_many(actor, &ips, jail.as_deref()).await {
                Ok(o) => {
                    lifted.extend(o.lifted);
                    invalid = o.invalid;
                    done.push(bans.host().name.clone());
                }
                Err(bangui_core::ServiceError::HostUnavailable { host }) => unavailable.push(host),
                Err(e) => return Err(e).gql(),
            }
        }
        if !unavailable.is_empty() {
            return Err(not_everywhere(&done, &unavailable, "unbanned"));
        }
        let valid = i64::try_from(ips.len() - invalid.len()).unwrap_or(i64::MAX);
        let unbanned = i64::try_from(lifted.len()).unwrap_or(i64::MAX);
        Ok(BulkUnbanResult {
            unbanned,
            not_banned: valid - unbanned,
            invalid,
        })
    }
}
