//! GraphQL types of accounts; they wrap entities, never expose them.

use async_graphql::{Enum, ID, SimpleObject};
use bangui_core::auth::Credential;
use bangui_core::time::to_datetime;
use chrono::{DateTime, Utc};
use entity::{api_token, audit_log, user};

/// What an account or token may do.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Everything, including users, tokens and jail settings.
    Admin,
    /// Read, ban, unban and import.
    Operator,
    /// Read only.
    Viewer,
}

impl From<Role> for bangui_core::Role {
    fn from(r: Role) -> Self {
        match r {
            Role::Admin => bangui_core::Role::Admin,
            Role::Operator => bangui_core::Role::Operator,
            Role::Viewer => bangui_core::Role::Viewer,
        }
    }
}

impl From<bangui_core::Role> for Role {
    fn from(r: bangui_core::Role) -> Self {
        match r {
            bangui_core::Role::Admin => Role::Admin,
            bangui_core::Role::Operator => Role::Operator,
            bangui_core::Role::Viewer => Role::Viewer,
        }
    }
}

/// An account.
#[derive(SimpleObject, Clone)]
pub struct User {
    /// Identifier.
    pub id: ID,
    /// Login name.
    pub username: String,
    /// What the account may do.
    pub role: Role,
    /// When it was created.
    pub created_at: DateTime<Utc>,
}

impl From<user::Model> for User {
    fn from(u: user::Model) -> Self {
        User {
            id: ID(u.id.to_string()),
            role: u.role.into(),
            username: u.username,
            created_at: to_datetime(u.created_at),
        }
    }
}

impl User {
    /// The account signed in with a session, as its credential was checked;
    /// `None` for an API token.
    pub fn signed_in(credential: &Credential) -> Option<User> {
        credential.session_id?;
        Some(User {
            id: ID(credential.actor.user_id?.to_string()),
            username: credential.actor.name.clone(),
            role: credential.actor.role.into(),
            created_at: to_datetime(credential.account_created_at?),
        })
    }
}

/// An API token (its secret is shown only once, when created).
#[derive(SimpleObject, Clone)]
pub struct ApiToken {
    /// Identifier.
    pub id: ID,
    /// What it is for.
    pub name: String,
    /// What it may do.
    pub role: Role,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it stops working; null for never.
    pub expires_at: Option<DateTime<Utc>>,
    /// When it was last used (to the minute).
    pub last_used_at: Option<DateTime<Utc>>,
}

impl From<api_token::Model> for ApiToken {
    fn from(t: api_token::Model) -> Self {
        ApiToken {
            id: ID(t.id.to_string()),
            role: t.role.into(),
            name: t.name,
            created_at: to_datetime(t.created_at),
            expires_at: t.expires_at.map(to_datetime),
            last_used_at: t.last_used_at.map(to_datetime),
        }
    }
}

/// A new session.
#[derive(SimpleObject)]
pub struct AuthPayload {
    /// The session token: send it as `Authorization: Bearer`; browsers also get it as a cookie.
    pub token: String,
    /// When the session expires if unused.
    pub expires_at: DateTime<Utc>,
    /// The signed-in account.
    pub user: User,
}

/// A new API token.
#[derive(SimpleObject)]
pub struct ApiTokenPayload {
    /// The secret, shown this once.
    pub token: String,
    /// The token's details.
    pub api_token: ApiToken,
}

/// One audited action.
#[derive(SimpleObject)]
pub struct AuditEntry {
    /// Identifier; pass as `after` to read older entries.
    pub id: ID,
    /// When it happened.
    pub at: DateTime<Utc>,
    /// Who did it: a username, `token:<name>` or `system`.
    pub actor: String,
    /// What was done (the mutation's name).
    pub action: String,
    /// What it was done to.
    pub target: Option<String>,
    /// `ok` or the error code.
    pub outcome: String,
    /// What the action changed, as JSON text: `{"field": {"old": …, "new": …}}`
    /// (null values for what was created or removed); null when it changed
    /// nothing or failed.
    pub details: Option<String>,
}

impl From<audit_log::Model> for AuditEntry {
    fn from(a: audit_log::Model) -> Self {
        AuditEntry {
            id: ID(a.id.to_string()),
            at: to_datetime(a.at),
            actor: a.actor,
            action: a.action,
            target: a.target,
            outcome: a.outcome,
            details: a.details,
        }
    }
}

/// Parses a numeric ID.
pub fn parse_id(id: &ID) -> async_graphql::Result<i64> {
    id.parse::<i64>().map_err(|_| {
        crate::graphql::error::error(
            crate::graphql::error::ErrorCode::BadUserInput,
            format!("{:?} is not a valid id", id.as_str()),
        )
    })
}
