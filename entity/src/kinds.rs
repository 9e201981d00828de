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
    }
}
