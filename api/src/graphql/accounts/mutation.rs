//! Account mutations; each is audited (never with a password or token).

use async_graphql::{Context, ID, Object};
use bangui_core::auth::Credential;
use bangui_core::auth::users;
use bangui_core::{Actor, Role as CoreRole, ServiceError};
use chrono::{DateTime, Utc};
use tracing::info;

use super::types::{ApiToken, ApiTokenPayload, AuthPayload, Role, User, parse_id};
use crate::graphql::audit::{audited, audited_by};
use crate::graphql::context::{RoleGuard, actor, app};
use crate::graphql::error::GqlResult;
use crate::request::{RequestAuth, session_cookie};

#[derive(Default)]
pub struct AccountsMutation;

/// Starts a session for `user` and hands it out as payload and cookie.
async fn sign_in(
    ctx: &Context<'_>,
    user: entity::user::Model,
) -> async_graphql::Result<AuthPayload> {
    let state = app(ctx)?;
    let request = ctx.data::<RequestAuth>()?;
    let session = state
        .sessions
        .create(
            user.id,
            Some(request.client_addr.clone()),
            request.user_agent.clone(),
        )
        .await
        .gql()?;
    let max_age =
        i64::try_from(state.config.session_absolute_timeout.as_secs()).unwrap_or(i64::MAX);
    ctx.append_http_header(
        "set-cookie",
        session_cookie(&session.token, max_age, request.secure),
    );
    Ok(AuthPayload {
        token: session.token,
        expires_at: bangui_core::time::to_datetime(session.expires_at),
        user: user.into(),
    })
}

/// The actor as the audit log should name it, for sign-in attempts.
fn attempt(username: &str) -> Actor {
    Actor {
        name: username.chars().take(64).collect(),
        role: CoreRole::Viewer,
        user_id: None,
    }
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
        let state = app(ctx)?;
        let result = match state.accounts.setup(&username, &password).await.gql() {
            Ok(user) => {
                info!(username = %user.username, "first administrator created");
                sign_in(ctx, user).await
            }
            Err(e) => Err(e),
        };
        audited_by(
            ctx,
            &attempt(&username),
            "setup",
            Some(username.clone()),
            result,
        )
        .await
    }

    /// Signs in with a username and password. Needs no authentication.
    async fn login(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The account's name.")] username: String,
        #[graphql(desc = "The account's password.")] password: String,
    ) -> async_graphql::Result<AuthPayload> {
        let state = app(ctx)?;
        let client = ctx.data::<RequestAuth>()?.client_addr.clone();
        let result = match state.accounts.sign_in(&username, &password, &client).await {
            Ok(user) => sign_in(ctx, user).await,
            Err(e) => Err(crate::graphql::error::from_service(e)),
        };
        audited_by(ctx, &attempt(&username), "login", Some(client), result).await
    }

    /// Ends the current session and clears its cookie. Needs a session.
    #[graphql(guard = "RoleGuard(CoreRole::Viewer)")]
    async fn logout(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let state = app(ctx)?;
        let request = ctx.data::<RequestAuth>()?;
        let result = match (&request.token, ctx.data_opt::<Credential>()) {
            (Some(token), Some(c)) if c.session_id.is_some() => {
                state.sessions.revoke(token).await.gql()
            }
            _ => Ok(false),
        };
        ctx.append_http_header("set-cookie", session_cookie("", 0, request.secure));
        audited(ctx, "logout", None, result).await
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
        let result = app(ctx)?
            .accounts
            .create(&username, &password, role.into())
            .await
            .gql()
            .map(User::from);
        audited(ctx, "createUser", Some(username), result).await
    }

    /// Deletes an account with its sessions and revokes its API tokens; the
    /// last ADMIN stays. Needs ADMIN.
    #[graphql(guard = "RoleGuard(CoreRole::Admin)")]
    async fn delete_user(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The account's id.")] id: ID,
    ) -> async_graphql::Result<bool> {
        let result = match parse_id(&id) {
            Ok(id) => app(ctx)?
                .sessions
                .delete_user(id)
                .await
                .gql()
                .map(|()| true),
            Err(e) => Err(e),
        };
        audited(ctx, "deleteUser", Some(id.to_string()), result).await
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
        let state = app(ctx)?;
        let credential = ctx.data_opt::<Credential>();
        let result = async {
            let (Some(credential), Some(user_id)) =
                (credential, actor(ctx).and_then(|a| a.user_id))
            else {
                return Err(crate::graphql::error::from_service(
                    ServiceError::Forbidden(
                        "only a signed-in user can change a password".to_owned(),
                    ),
                ));
            };
            if credential.session_id.is_none() {
                return Err(crate::graphql::error::from_service(
                    ServiceError::Forbidden("sign in with a password to change it".to_owned()),
                ));
            }
            let client = &ctx.data::<RequestAuth>()?.client_addr;
            state
                .accounts
                .change_password(user_id, &current_password, &new_password, client)
                .await
                .gql()?;
            state
                .sessions
                .revoke_user(user_id, credential.session_id)
                .await
                .gql()?;
            Ok(true)
        }
        .await;
        audited(ctx, "changePassword", None, result).await
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
        let created_by = actor(ctx).and_then(|a| a.user_id);
        let result = users::create_api_token(
            &app(ctx)?.db,
            &name,
            role.into(),
            expires_at.map(|t| t.timestamp()),
            created_by,
        )
        .await
        .gql()
        .map(|(token, model)| ApiTokenPayload {
            token,
            api_token: ApiToken::from(model),
        });
        audited(ctx, "createApiToken", Some(name), result).await
    }

    /// Revokes an API token at once. Needs ADMIN.
    #[graphql(guard = "RoleGuard(CoreRole::Admin)")]
    async fn revoke_api_token(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The token's id.")] id: ID,
    ) -> async_graphql::Result<bool> {
        let result = match parse_id(&id) {
            Ok(n) => app(ctx)?
                .sessions
                .revoke_api_token(n)
                .await
                .gql()
                .map(|()| true),
            Err(e) => Err(e),
        };
        audited(ctx, "revokeApiToken", Some(id.to_string()), result).await
    }
}
