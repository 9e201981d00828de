//! `host`: a fail2ban BanGUI manages. The local host (id 0) is the hub's own
//! machine; every other host runs `bangui agent`, which signs in with a token
//! of which only the SHA-256 is kept.

use sea_orm::entity::prelude::*;

/// The local host's id, and the host of every event archived before there
/// were hosts.
pub const LOCAL_HOST_ID: i64 = 0;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "host")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub name: String,
    pub local: bool,
    /// Hex SHA-256 of the agent's token; null for the local host and a
    /// removed one.
    #[sea_orm(unique)]
    pub token_hash: Option<String>,
    pub token_created_at: Option<i64>,
    pub created_at: i64,
    /// When the agent last said something, or the local fail2ban answered.
    pub last_seen_at: Option<i64>,
    pub agent_version: Option<String>,
    pub fail2ban_version: Option<String>,
    /// Why the hub last refused the agent (an incompatible protocol); null
    /// once it is accepted.
    pub refusal: Option<String>,
    pub removed_at: Option<i64>,
    /// The hub instance the agent is connected to, while it is.
    pub instance: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
