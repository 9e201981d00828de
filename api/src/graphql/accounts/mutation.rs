//! Account mutations: each is one call of the account service, which audits it.

use async_graphql::{Context, ID, Object};
use bangui_core::Role as CoreRole;
use bangui_core::auth::{Client, Credential, SignedIn};
use chrono::{DateTime, Utc};

use super::types::{ApiToken, ApiTokenPayload, AuthPayload, Role, User, parse_id};
use crate::graphql::context::{RoleGuard, acting, app};
use crate::graphql::error::GqlResult;
use crate::request::{RequestAuth, session_cookie};

#[derive(Default)]
pub struct AccountsMutation;

/// Where the request came from.
fn client(request: &RequestAuth) -> Client {
    Client {
        addr: request.client_addr.clone(),
        user_agent: request.user_agent.clone(),
    }
}

/// Hands a new session out as payload and cookie.
fn handed_out(ctx: &Context<'_>, signed_in: SignedIn) -> async_graphql::Result<AuthPayload> {
    let state = app(ctx)?;
    let request = ctx.data::<RequestAuth>()?;
    let max_age =
        i64::try_from(state.config.session_absolute_timeout.as_secs()).unwrap_or(i64::MAX);
    ctx.append_http_header(
        "set-cookie",
        session_cookie(&signed_in.session.token, max_age, request.secure),
    );
    Ok(AuthPayload {
        token: signed_in.session.token,
        expires_at: bangui_core::time::to_datetime(signed_in.session.expires_at),
        user: signed_in.user.into(),
    })
}

#[Object]
impl AccountsMutation {
    /// Creates the first ADMIN and signs it in; refused once any account exists.
    /// Needs no authentication.
    async fn setup(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The first administrator's name: 1 to 64 letters, digits or . _ @ -.")]
        username: String,
        #[graphql(desc = "Its password: at least 12 characters, at most 1,024 bytes.")]
        password: String,
    ) -> async_graphql::Result<AuthPayload> {
        let request = ctx.data::<RequestAuth>()?;
        let signed_in = app(ctx)?
            .accounts
            .setup(&username, &password, &client(request))
            .await
            .gql()?;
        handed_out(ctx, signed_in)
    }

    /// Signs in with a username and password. Needs no authentication.
    async fn login(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The account's name.")] username: String,
        #[graphql(desc = "The account's password.")] password: String,
    ) -> async_graphql::Result<AuthPayload> {
        let request = ctx.data::<RequestAuth>()?;
        let signed_in = app(ctx)?
            .accounts
            .sign_in(&username, &password, &client(request))
            .await
            .gql()?;
        handed_out(ctx, signed_in)
    }

    /// Ends the current session and clears its cookie. Needs a session.
    #[graphql(guard = "RoleGuard(CoreRole::Viewer)")]
    async fn logout(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let request = ctx.data::<RequestAuth>()?;
        ctx.append_http_header("set-cookie", session_cookie("", 0, request.secure));
        app(ctx)?
            .accounts
            .sign_out(
                acting(ctx)?,
                ctx.data_opt::<Credential>(),
                request.token.as_deref(),
            )
            .await
            .gql()
    }

    /// Creates an account. Needs ADMIN.
    #[graphql(guard = "RoleGuard(CoreRole::Admin)")]
    async fn create_user(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new account's name: 1 to 64 letters, digits or . _ @ -.")]
        username: String,
        #[graphql(desc = "Its password: at least 12 characters, at most 1,024 bytes.")]
        password: String,
        #[graphql(desc = "What it may do.")] role: Role,
    ) -> async_graphql::Result<User> {
        let user = app(ctx)?
            .accounts
            .create_user(acting(ctx)?, &username, &password, role.into())
            .await
            .gql()?;
        Ok(user.into())
    }

    /// Deletes an account with its sessions and revokes its API tokens; the
    /// last ADMIN stays. Needs ADMIN.
    #[graphql(guard = "RoleGuard(CoreRole::Admin)")]
    async fn delete_user(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The account's id.")] id: ID,
    ) -> async_graphql::Result<bool> {
        app(ctx)?
            .accounts
            .delete_user(acting(ctx)?, parse_id(&id)?)
            .await
            .gql()?;
        Ok(true)
    }

    /// Changes the signed-in account's password; its other sessions end.
    /// Needs a session.
    #[graphql(guard = "RoleGuard(CoreRole::Viewer)")]
    async fn change_password(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The password in use now.")] current_password: String,
        #[graphql(desc = "The new one: at least 12 characters, at most 1,024 bytes.")] new_password: String,
    ) -> async_graphql::Result<bool> {
        let request = ctx.data::<RequestAuth>()?;
        app(ctx)?
            .accounts
            .change_password(
                acting(ctx)?,
                ctx.data_opt::<Credential>(),
                &current_password,
                &new_password,
                &client(request),
            )
            .await
            .gql()?;
        Ok(true)
    }

    /// Creates an API token; its secret is in the answer, once. Needs ADMIN.
    #[graphql(guard = "RoleGuard(CoreRole::Admin)")]
    async fn create_api_token(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A name to tell it by (1 to 100 characters).")] name: String,
        #[graphql(desc = "What the token may do.")] role: Role,
        #[graphql(desc = "When it stops working; never when null.")] expires_at: Option<
            DateTime<Utc>,
        >,
    ) -> async_graphql::Result<ApiTokenPayload> {
        let (token, model) = app(ctx)?
            .accounts
            .create_api_token(
                acting(ctx)?,
                &name,
                role.into(),
                expires_at.map(|t| t.timestamp()),
            )
            .await
            .gql()?;
        Ok(ApiTokenPayload {
            token,
            api_token: ApiToken::from(model),
        })
    }

    /// Revokes an API token at once. Needs ADMIN.
    #[graphql(guard = "RoleGuard(CoreRole::Admin)")]
    async fn revoke_api_token(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The token's id.")] id: ID,
    ) -> async_graphql::Result<bool> {
        app(ctx)?
            .accounts
            .revoke_api_token(acting(ctx)?, parse_id(&id)?)
            .await
            .gql()?;
        Ok(true)
    }
}
