//! `banIp`, `banIps` and `unbanIp`: OPERATOR and above; each is audited.

use async_graphql::{Context, Object};
use bangui_core::Role;
use bangui_core::archive::Origin;

use super::types::{BanResult, BulkBanResult, UnbanResult};
use crate::graphql::audit::audited;
use crate::graphql::context::{RoleGuard, app};
use crate::graphql::error::GqlResult;

/// Most addresses one `banIps` call accepts: fail2ban bans a few hundred a
/// second, so this many finish well within a request. Longer lists are
/// imported as a blocklist source, a job with progress.
pub const MAX_BULK: usize = 1_000;

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
        let state = app(ctx)?;
        let result = state
            .fail2ban
            .ban(&jail, &ip)
            .await
            .gql()
            .map(|o| BanResult {
                jail: o.jail,
                ip: o.ip,
                already_banned: o.already_banned,
            });
        audited(ctx, "banIp", Some(format!("{jail}/{ip}")), result).await
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
        let state = app(ctx)?;
        let result = if ips.len() > MAX_BULK {
            Err(crate::graphql::error::error(
                crate::graphql::error::ErrorCode::BadUserInput,
                format!(
                    "at most {MAX_BULK} addresses per call, not {}; import longer lists as a blocklist source",
                    ips.len()
                ),
            ))
        } else {
            state
                .fail2ban
                .ban_many(&jail, &ips, Origin::Manual, None)
                .await
                .gql()
                .map(|o| BulkBanResult {
                    jail: o.jail,
                    banned: o.banned,
                    already_banned: o.already_banned,
                    invalid: o.invalid,
                })
        };
        audited(
            ctx,
            "banIps",
            Some(format!("{jail} ({} addresses)", ips.len())),
            result,
        )
        .await
    }

    /// Unbans an address in one jail, or in every jail when none is given.
    /// Needs OPERATOR.
    #[graphql(guard = "RoleGuard(Role::Operator)")]
    async fn unban_ip(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The address.")] ip: String,
        #[graphql(desc = "One jail; every jail where it is banned when null.")] jail: Option<
            String,
        >,
    ) -> async_graphql::Result<UnbanResult> {
        let state = app(ctx)?;
        let result = state
            .fail2ban
            .unban(&ip, jail.as_deref())
            .await
            .gql()
            .map(|jails| UnbanResult {
                ip: ip.trim().to_owned(),
                jails,
            });
        let target = match &jail {
            Some(j) => format!("{j}/{ip}"),
            None => format!("*/{ip}"),
        };
        audited(ctx, "unbanIp", Some(target), result).await
    }
}
