//! The domain's vocabulary as stored: each enum is a text column, read and
//! written through SeaORM, so an unknown value is an error, never a default.

use sea_orm::entity::prelude::*;

/// Who caused a ban, as the contract's `BanOrigin`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum Origin {
    /// A jail's own filter.
    #[sea_orm(string_value = "FAIL2BAN")]
    Fail2ban,
    /// A person, through BanGUI.
    #[sea_orm(string_value = "MANUAL")]
    Manual,
    /// A blocklist import.
    #[sea_orm(string_value = "BLOCKLIST")]
    Blocklist,
}

/// A role of the API contract; each grants what the roles below it grant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum Role {
    /// Reads everything but accounts and secrets.
    #[sea_orm(string_value = "VIEWER")]
    Viewer,
    /// Also bans, unbans and runs imports.
    #[sea_orm(string_value = "OPERATOR")]
    Operator,
    /// Also manages accounts, tokens, settings and sources.
    #[sea_orm(string_value = "ADMIN")]
    Admin,
}

impl Role {
    /// The role as stored and as the API spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "VIEWER",
            Role::Operator => "OPERATOR",
            Role::Admin => "ADMIN",
        }
    }

    /// A role as a person types it (any case); `None` when it is none.
    pub fn parse(text: &str) -> Option<Role> {
        <Role as sea_orm::Iterable>::iter().find(|r| r.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where an import run stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum ImportStatus {
    /// Waiting for a worker.
    #[sea_orm(string_value = "PENDING")]
    Pending,
    /// Downloading, parsing or banning.
    #[sea_orm(string_value = "RUNNING")]
    Running,
    /// Finished: the list is imported.
    #[sea_orm(string_value = "COMPLETED")]
    Completed,
    /// Ended early; the run's error says why.
    #[sea_orm(string_value = "FAILED")]
    Failed,
    /// Nothing to do: the list had not changed.
    #[sea_orm(string_value = "SKIPPED")]
    Skipped,
}

impl ImportStatus {
    /// The stored text, as labels need it.
    pub fn as_str(self) -> &'static str {
        match self {
            ImportStatus::Pending => "PENDING",
            ImportStatus::Running => "RUNNING",
            ImportStatus::Completed => "COMPLETED",
            ImportStatus::Failed => "FAILED",
            ImportStatus::Skipped => "SKIPPED",
        }
    }

    /// Whether the run has ended, one way or another.
    pub fn is_finished(self) -> bool {
        matches!(
            self,
            ImportStatus::Completed | ImportStatus::Failed | ImportStatus::Skipped
        )
    }
}

/// What an archive row records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum EventKind {
    /// A ban began.
    #[sea_orm(string_value = "BAN")]
    Ban,
    /// A ban was lifted before it expired.
    #[sea_orm(string_value = "UNBAN")]
    Unban,
}

impl Origin {
    /// The stored text, as labels and SQL fragments need it.
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Fail2ban => "FAIL2BAN",
            Origin::Manual => "MANUAL",
            Origin::Blocklist => "BLOCKLIST",
        }
    }
}

impl EventKind {
    /// The stored text, as SQL fragments need it.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Ban => "BAN",
            EventKind::Unban => "UNBAN",
        }
    }
}

#[cfg(test)]
mod tests {
    use sea_orm::{ActiveEnum, Iterable};

    use super::*;

    #[test]
    fn stored_text_is_the_contract_name() {
        for origin in Origin::iter() {
            assert_eq!(origin.to_value(), origin.as_str());
            assert_eq!(Origin::try_from_value(&origin.to_value()), Ok(origin));
        }
        for kind in EventKind::iter() {
            assert_eq!(kind.to_value(), kind.as_str());
        }
        assert!(Origin::try_from_value(&"manual".to_owned()).is_err());
        for status in ImportStatus::iter() {
            assert_eq!(status.to_value(), status.as_str());
        }
        for role in Role::iter() {
            assert_eq!(role.to_value(), role.as_str());
        }
        assert_eq!(Role::parse(" operator"), Some(Role::Operator));
        assert_eq!(Role::parse("root"), None);
        assert!(Role::Viewer < Role::Operator && Role::Operator < Role::Admin);
    }
}
