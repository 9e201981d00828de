//! The account use-cases as the API offers them: first-run setup and sign-in
//! (each starting a session), sign-out, change of password, users and API
//! tokens. Each writes its audit entry from its own outcome, never with a
//! password or a token.

use std::sync::Arc;

use entity::{api_token, user};
use sea_orm::DatabaseConnection;
use serde_json::{Value, json};
use tracing::info;

use super::accounts::Accounts;
use super::credential::Credential;
use super::sessions::{NewSession, Sessions};
use super::users;
use crate::actor::{Actor, Role};
use crate::audit::{Auditor, changes};
use crate::error::{ServiceError, ServiceResult};

/// Where a request came from, as sessions and the sign-in limit record it.
#[derive(Clone, Debug, Default)]
pub struct Client {
    pub addr: String,
    pub user_agent: Option<String>,
}

/// A session just started, with its account.
#[derive(Clone, Debug)]
pub struct SignedIn {
    pub session: NewSession,
    pub user: user::Model,
}

/// Accounts, sessions and tokens for the API.
pub struct AccountService {
    db: DatabaseConnection,
    accounts: Accounts,
    sessions: Arc<Sessions>,
    audit: Auditor,
}

/// The actor the audit log names for a sign-in attempt: the name tried.
fn attempt(username: &str) -> Actor {
    Actor {
        name: username.chars().take(64).collect(),
        role: Role::Viewer,
        user_id: None,
    }
}

impl AccountService {
    pub fn new(db: DatabaseConnection, accounts: Accounts, sessions: Arc<Sessions>) -> Self {
        AccountService {
            audit: Auditor::new(db.clone()),
            db,
            accounts,
            sessions,
        }
    }

    pub fn sessions(&self) -> &Sessions {
        &self.sessions
    }

    /// True while no account exists.
    pub async fn setup_required(&self) -> ServiceResult<bool> {
        users::setup_required(&self.db).await
    }

    pub async fn users(&self) -> ServiceResult<Vec<user::Model>> {
        users::list(&self.db).await
    }

    /// API tokens not revoked.
    pub async fn api_tokens(&self) -> ServiceResult<Vec<api_token::Model>> {
        users::list_api_tokens(&self.db).await
    }

    /// Creates the first ADMIN and signs it in.
    pub async fn setup(
        &self,
        username: &str,
        password: &str,
        client: &Client,
    ) -> ServiceResult<SignedIn> {
        let result = async {
            let user = self.accounts.setup(username, password).await?;
            info!(username = %user.username, "first administrator created");
            self.start(user, client).await
        }
        .await;
        let details = result
            .as_ref()
            .ok()
            .and_then(|s| changes([("role", Value::Null, json!(s.user.role.as_str()))]));
        self.audit
            .record(
                &attempt(username),
                "setup",
                Some(username.to_owned()),
                &result,
                details,
            )
            .await;
        result
    }

    /// Signs in with a password; each guess is counted before it is checked.
    pub async fn sign_in(
        &self,
        username: &str,
        password: &str,
        client: &Client,
    ) -> ServiceResult<SignedIn> {
        let result = async {
            let user = self
                .accounts
                .sign_in(username, password, &client.addr)
                .await?;
            self.start(user, client).await
        }
        .await;
        self.audit
            .record(
                &attempt(username),
                "login",
                Some(client.addr.clone()),
                &result,
                None,
            )
            .await;
        result
    }

    async fn start(&self, user: user::Model, client: &Client) -> ServiceResult<SignedIn> {
        let session = self
            .sessions
            .create(
                user.id,
                Some(client.addr.clone()),
                client.user_agent.clone(),
            )
            .await?;
        Ok(SignedIn { session, user })
    }

    /// Ends the session `token` of `credential`; false for an API token,
    /// which has no session to end.
    pub async fn sign_out(
        &self,
        actor: &Actor,
        credential: Option<&Credential>,
        token: Option<&str>,
    ) -> ServiceResult<bool> {
        let result = match (token, credential) {
            (Some(token), Some(c)) if c.session_id.is_some() => self.sessions.revoke(token).await,
            _ => Ok(false),
        };
        self.audit
            .record(actor, "logout", None, &result, None)
            .await;
        result
    }

    /// Creates an account.
    pub async fn create_user(
        &self,
        actor: &Actor,
        username: &str,
        password: &str,
        role: Role,
    ) -> ServiceResult<user::Model> {
        let result = self.accounts.create(username, password, role).await;
        let details = changes([("role", Value::Null, json!(role.as_str()))]);
        self.audit
            .record(
                actor,
                "createUser",
                Some(username.to_owned()),
                &result,
                details,
            )
            .await;
        result
    }

    /// Deletes an account with its sessions and revokes its API tokens; the
    /// last ADMIN stays.
    pub async fn delete_user(&self, actor: &Actor, id: i64) -> ServiceResult<()> {
        let result = async {
            let before = users::find(&self.db, id).await?;
            self.sessions.delete_user(id).await?;
            Ok(before)
        }
        .await;
        let details = result.as_ref().ok().and_then(Option::as_ref).and_then(|u| {
            changes([
                ("username", json!(u.username), Value::Null),
                ("role", json!(u.role.as_str()), Value::Null),
            ])
        });
        self.audit
            .record(actor, "deleteUser", Some(id.to_string()), &result, details)
            .await;
        result.map(|_| ())
    }

    /// Changes the password of the signed-in account of `credential`; its
    /// other sessions end.
    pub async fn change_password(
        &self,
        actor: &Actor,
        credential: Option<&Credential>,
        current: &str,
        new: &str,
        client: &Client,
    ) -> ServiceResult<()> {
        let result = async {
            let (Some(credential), Some(user_id)) = (credential, actor.user_id) else {
                return Err(ServiceError::Forbidden(
                    "only a signed-in user can change a password".to_owned(),
                ));
            };
            if credential.session_id.is_none() {
                return Err(ServiceError::Forbidden(
                    "sign in with a password to change it".to_owned(),
                ));
            }
            self.accounts
                .change_password(user_id, current, new, &client.addr)
                .await?;
            self.sessions
                .revoke_user(user_id, credential.session_id)
                .await?;
            Ok(())
        }
        .await;
        self.audit
            .record(actor, "changePassword", None, &result, None)
            .await;
        result
    }

    /// Creates an API token; its secret is returned, once.
    pub async fn create_api_token(
        &self,
        actor: &Actor,
        name: &str,
        role: Role,
        expires_at: Option<i64>,
    ) -> ServiceResult<(String, api_token::Model)> {
        let result = users::create_api_token(&self.db, name, role, expires_at, actor.user_id).await;
        let details = changes([
            ("role", Value::Null, json!(role.as_str())),
            ("expiresAt", Value::Null, json!(expires_at)),
        ]);
        self.audit
            .record(
                actor,
                "createApiToken",
                Some(name.to_owned()),
                &result,
                details,
            )
            .await;
        result
    }

    /// Revokes an API token at once, on every instance.
    pub async fn revoke_api_token(&self, actor: &Actor, id: i64) -> ServiceResult<()> {
        let result = self.sessions.revoke_api_token(id).await;
        self.audit
            .record(actor, "revokeApiToken", Some(id.to_string()), &result, None)
            .await;
        result
    }
}
