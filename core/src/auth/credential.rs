//! A checked credential: who sent a request, through which session or token.

use crate::actor::Actor;

/// A checked credential.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credential {
    pub actor: Actor,
    /// Set for a session.
    pub session_id: Option<i64>,
    /// Set for an API token.
    pub api_token_id: Option<i64>,
    /// When it stops being valid if unused (sessions) or at all (tokens).
    pub expires_at: Option<i64>,
    /// Sessions: when the signed-in account was created.
    pub account_created_at: Option<i64>,
}
