//! Types of the configuration part: ignore entries, filters, filter tests,
//! configuration changes and the inputs that make them.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use bangui_core::fail2ban_config::{self, ConfigService, filters, regex};
use chrono::{DateTime, Utc};
use entity::config_change;

use crate::connection_type;
use crate::graphql::context::app;
use crate::graphql::error::GqlResult;
use crate::graphql::hosts::fail2ban_on;

/// The configuration of the host a field or change names: the local host
/// when none is named; BAD_USER_INPUT for a name no host has.
pub async fn configuration_on(
    ctx: &Context<'_>,
    host: Option<&str>,
) -> async_graphql::Result<ConfigService> {
    let state = app(ctx)?;
    let fail2ban = fail2ban_on(ctx, host).await?;
    Ok(if fail2ban.host().is_local() {
        state.configuration.clone()
    } else {
        state.configuration.on(fail2ban)
    })
}

/// An address or network fail2ban never bans.
#[derive(SimpleObject, Clone)]
pub struct IgnoreEntry {
    /// As entered: an address, or a network in CIDR notation.
    pub network: String,
    /// Why it is ignored.
    pub comment: Option<String>,
    /// When BanGUI removes it; null: never.
    pub expires_at: Option<DateTime<Utc>>,
    /// Who added it in BanGUI; null for entries of fail2ban's own files.
    pub added_by: Option<String>,
    /// When it was added in BanGUI.
    pub added_at: Option<DateTime<Utc>>,
}

impl From<fail2ban_config::IgnoreEntry> for IgnoreEntry {
    fn from(entry: fail2ban_config::IgnoreEntry) -> Self {
        IgnoreEntry {
            network: entry.network,
            comment: entry.comment,
            expires_at: entry.expires_at.map(bangui_core::time::to_datetime),
            added_by: entry.added_by,
            added_at: entry.added_at.map(bangui_core::time::to_datetime),
        }
    }
}

/// A filter installed with fail2ban.
#[derive(SimpleObject, Clone)]
pub struct Filter {
    /// The filter's name (its file in filter.d/ without the extension).
    pub name: String,
    /// Its failregex lines as written, with fail2ban's references and tags.
    pub fail_regex: Vec<String>,
    /// Its ignoreregex lines.
    pub ignore_regex: Vec<String>,
    /// Its datepattern, when it sets one.
    pub date_pattern: Option<String>,
}

impl From<filters::Filter> for Filter {
    fn from(filter: filters::Filter) -> Self {
        Filter {
            name: filter.name,
            fail_regex: filter.fail_regex,
            ignore_regex: filter.ignore_regex,
            date_pattern: filter.date_pattern,
        }
    }
}

/// What to test a filter on.
#[derive(InputObject)]
pub struct FilterTestInput {
    /// An installed filter; or give failRegex.
    pub filter: Option<String>,
    /// Regular expressions in fail2ban's dialect (with `<HOST>`).
    pub fail_regex: Option<Vec<String>>,
    /// Lines matching one of these are ignored.
    pub ignore_regex: Option<Vec<String>>,
    /// The lines to test; or give a jail to test its log files.
    pub lines: Option<Vec<String>>,
    /// A jail: its log files' last maxLines lines, and its filter when no
    /// other is given.
    pub jail: Option<String>,
    /// Most lines tested (1 to 100000).
    #[graphql(default_with = "Some(10000)")]
    pub max_lines: Option<i64>,
}

/// One line a filter matched.
#[derive(SimpleObject, Clone)]
pub struct FilterMatch {
    /// The line's number among the lines tested, from 1.
    pub line_number: i64,
    /// The line.
    pub line: String,
    /// The address fail2ban found in it.
    pub ip: String,
    /// The time fail2ban read from it.
    pub at: Option<DateTime<Utc>>,
}

/// What fail2ban-regex found.
#[derive(SimpleObject, Clone)]
pub struct FilterTestResult {
    /// Lines tested (fail2ban skips empty and comment lines).
    pub lines_tested: i64,
    /// Lines a failregex matched.
    pub matched: i64,
    /// Lines an ignoreregex matched.
    pub ignored: i64,
    /// Lines nothing matched.
    pub missed: i64,
    /// Each matched line with its address.
    pub matches: Vec<FilterMatch>,
}

fn count(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl From<regex::Outcome> for FilterTestResult {
    fn from(outcome: regex::Outcome) -> Self {
        FilterTestResult {
            lines_tested: count(outcome.lines_tested),
            matched: count(outcome.matched),
            ignored: count(outcome.ignored),
            missed: count(outcome.missed),
            matches: outcome
                .matches
                .into_iter()
                .map(|m| FilterMatch {
                    line_number: i64::try_from(m.line_number).unwrap_or(i64::MAX),
                    line: m.line,
                    ip: m.ip,
                    at: m.at.map(bangui_core::time::to_datetime),
                })
                .collect(),
        }
    }
}

/// A jail to create from an installed filter.
#[derive(InputObject)]
pub struct JailInput {
    /// The jail's name: letters, digits, '-' and '_'.
    pub name: String,
    /// An installed filter.
    pub filter: String,
    /// Absolute paths of the log files to watch (globs as fail2ban takes them).
    pub log_paths: Vec<String>,
    /// Ports or service names, comma-separated (for the ban action).
    pub port: Option<String>,
    /// Ban length in seconds, or -1 for permanent.
    pub ban_time: Option<i64>,
    /// Window in seconds in which failures are counted.
    pub find_time: Option<i64>,
    /// Failures within findTime that lead to a ban.
    pub max_retry: Option<i64>,
    /// Whether the jail runs.
    #[graphql(default_with = "Some(true)")]
    pub enabled: Option<bool>,
}

/// One change of a configuration file BanGUI owns.
#[derive(Clone)]
pub struct ConfigChange(pub config_change::Model);

/// One change of a configuration file BanGUI owns, applied or refused.
#[Object]
impl ConfigChange {
    /// The change's id.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// When it was made.
    async fn at(&self) -> DateTime<Utc> {
        bangui_core::time::to_datetime(self.0.at)
    }

    /// Who made it.
    async fn actor(&self) -> &str {
        &self.0.actor
    }

    /// The fail2ban host.
    async fn host(&self) -> &str {
        &self.0.host
    }

    /// The file, relative to fail2ban's configuration directory.
    async fn file(&self) -> &str {
        &self.0.file
    }

    /// A unified diff from the old file to the new one.
    async fn diff(&self) -> &str {
        &self.0.diff
    }

    /// Whether fail2ban took it; when not, the old file was put back.
    async fn applied(&self) -> bool {
        self.0.applied
    }

    /// fail2ban's reason when it refused the change.
    async fn error(&self) -> Option<&str> {
        self.0.error.as_deref()
    }
}

/// Counts the changes for `totalCount`.
#[derive(Clone)]
pub struct ConfigChangeQuery;

impl ConfigChangeQuery {
    pub async fn total_count(&self, ctx: &Context<'_>) -> async_graphql::Result<i64> {
        let n = app(ctx)?.configuration.count_changes().await.gql()?;
        Ok(count(n))
    }
}

connection_type!(
    ConfigChangeConnection,
    ConfigChangeEdge,
    ConfigChange,
    ConfigChangeQuery
);
