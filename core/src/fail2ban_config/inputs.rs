//! What the configuration use-cases take and give.

use entity::ignore_entry;

use super::view;
use crate::jails::JailSettings;

/// Longest comment of an ignore entry, in bytes.
pub const MAX_COMMENT: usize = 200;

/// An ignore entry as shown: stored ones with what BanGUI knows of them,
/// the others (from fail2ban's own files) with their network only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IgnoreEntry {
    pub network: String,
    pub comment: Option<String>,
    pub expires_at: Option<i64>,
    pub added_by: Option<String>,
    pub added_at: Option<i64>,
}

impl From<&ignore_entry::Model> for IgnoreEntry {
    fn from(row: &ignore_entry::Model) -> Self {
        IgnoreEntry {
            network: row.network.clone(),
            comment: row.comment.clone(),
            expires_at: row.expires_at,
            added_by: row.added_by.clone(),
            added_at: Some(row.added_at),
        }
    }
}

/// A new ignore entry.
#[derive(Clone, Debug, Default)]
pub struct NewIgnore {
    pub network: String,
    pub comment: Option<String>,
    pub expires_at: Option<i64>,
}

/// A jail to create from an installed filter.
#[derive(Clone, Debug)]
pub struct NewJail {
    pub name: String,
    pub filter: String,
    pub log_paths: Vec<String>,
    pub port: Option<String>,
    pub settings: JailSettings,
    pub enabled: bool,
}

/// What a filter test runs on.
#[derive(Clone, Debug)]
pub struct FilterTest {
    pub filter: Option<String>,
    pub fail_regex: Option<Vec<String>>,
    pub ignore_regex: Option<Vec<String>>,
    pub lines: Option<Vec<String>>,
    pub jail: Option<String>,
    pub max_lines: Option<i64>,
}

/// A jail's configuration as BanGUI shows it.
#[derive(Clone, Debug)]
pub struct JailConfig {
    pub configured: view::Configured,
    pub managed: bool,
}
