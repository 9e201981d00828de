//! BanGUI's one typed configuration tree: defaults, then an optional TOML file, then
//! `BANGUI_*` environment variables, validated before anything starts.
//!
//! Each setting is declared once, in the `settings!` table below: its field and type,
//! TOML key (the environment variable is the key upper-cased behind `BANGUI_`),
//! default, parser, help and whether it may hold a credential. The struct, the
//! `--help` text and the loader are made from that one table, so a key cannot
//! be misspelt into a silent default.

mod parse;
mod secret;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use secret::{Secret, redact_url};

/// Where a setting's value came from, for error messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Default,
    File(PathBuf),
    Environment,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Default => f.write_str("default"),
            Origin::File(path) => write!(f, "from {}", path.display()),
            Origin::Environment => f.write_str("from the environment"),
        }
    }
}

/// A configuration problem; its message names the setting and what is wrong.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("config file {path} is not valid TOML: {message}")]
    Syntax { path: PathBuf, message: String },
    #[error("unknown setting `{key}` in {path} (known settings: see `bangui --help`)")]
    UnknownKey { path: PathBuf, key: String },
    #[error("invalid {env}={value} ({origin}): {reason}")]
    Invalid {
        env: String,
        value: String,
        origin: Origin,
        reason: String,
    },
}

/// How log lines are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// One documented setting, as `--help` and the loader see it.
struct Spec {
    key: &'static str,
    default: &'static str,
    help: &'static str,
}

macro_rules! key {
    ($field:ident) => {
        stringify!($field)
    };
    ($field:ident $key:literal) => {
        $key
    };
}

macro_rules! secret {
    () => {
        false
    };
    (secret) => {
        true
    };
}

/// Declares the settings: `/// help` lines, `[secret]` when the value may hold
/// a credential, the field, `as "key"` when the TOML key is not the field's
/// name, its type, default and parser.
macro_rules! settings {
    ($(
        $(#[doc = $help:literal])+
        $([$secret:ident])?
        $field:ident $(as $key:literal)?: $ty:ty = $default:literal, $parse:path;
    )*) => {
        /// The validated configuration.
        #[derive(Clone, Debug)]
        pub struct Config {
            $(
                $(#[doc = $help])+
                pub $field: $ty,
            )*
        }

        const SPECS: &[Spec] = &[$(
            Spec {
                key: key!($field $($key)?),
                default: $default,
                help: concat!($($help),+),
            },
        )*];

        impl Config {
            fn from_raw(raw: &Raw) -> Result<Config, ConfigError> {
                Ok(Config {
                    $($field: raw.get(
                        key!($field $($key)?),
                        $default,
                        secret!($($secret)?),
                        $parse,
                    )?,)*
                })
            }
        }
    };
}

settings! {
    /// Database: sqlite://PATH (embedded, the parent directory is created) or postgres://USER:PASSWORD@HOST/DB.
    [secret] database_url: Secret = "sqlite://data/bangui.db", parse::database_url;
    /// Address and port the HTTP server listens on.
    listen: SocketAddr = "127.0.0.1:8080", parse::address;
    /// fail2ban-server's control socket; empty: no fail2ban on this machine (a hub for agents only).
    fail2ban_socket: Option<PathBuf> = "/var/run/fail2ban/fail2ban.sock", parse::optional_path;
    /// fail2ban's own SQLite database, read-only.
    fail2ban_db: PathBuf = "/var/lib/fail2ban/fail2ban.sqlite3", parse::path;
    /// fail2ban's configuration directory: fail2ban-client reads it, and BanGUI writes its own files in jail.d/ (bangui.local, bangui-JAIL.local).
    fail2ban_config_dir: PathBuf = "/etc/fail2ban", parse::path;
    /// This machine's name as a fail2ban host; empty: the machine's host name.
    host_name: String = "", parse::host_name;
    /// `bangui agent`: the hub's URL, such as `https://hub.example.org`, with its base path if any.
    agent_hub_url: String = "", parse::hub_url;
    /// `bangui agent`: the agent token `addHost` showed.
    [secret] agent_token: Secret = "", parse::token;
    /// `bangui agent`: a file holding the agent token, read when BANGUI_AGENT_TOKEN is empty.
    agent_token_file: Option<PathBuf> = "", parse::optional_path;
    /// `bangui agent`: the agent's own queue of bans not yet acknowledged by the hub (SQLite).
    agent_state: PathBuf = "data/agent.sqlite", parse::path;
    /// How long one fail2ban command may take before it fails.
    fail2ban_timeout as "fail2ban_timeout_secs": Duration = "10", parse::secs;
    /// MaxMind-format country database (GeoLite2-Country or ip-location-db); reloaded when the file changes.
    geoip_db: PathBuf = "data/geo-whois-asn-country.mmdb", parse::path;
    /// An MMDB of autonomous systems (GeoLite2-ASN's schema, or one `bangui asn-db` converted); `make run` installs one.
    asn_db: PathBuf = "data/asn.mmdb", parse::path;
    /// Ask ip-api.com over plain HTTP for addresses the local database does not know.
    geoip_http_fallback: bool = "false", parse::boolean;
    /// Batch endpoint of the HTTP fallback (ip-api.com's format).
    geoip_fallback_url: String = "http://ip-api.com/batch", parse::http_url;
    /// Cached countries of addresses unseen for this many days are removed.
    geoip_cache_retention as "geoip_cache_retention_days": Duration = "90", parse::days;
    /// Log format: text or json.
    log_format: LogFormat = "text", parse::log_format;
    /// Log filter, e.g. info, debug, or bangui_api=debug,info.
    log_level: String = "info,sea_orm_migration=warn", parse::log_filter;
    /// Comma-separated origins (https://host:port) allowed for cookie requests and WebSockets besides the server's own.
    allowed_origins: Vec<String> = "", parse::origins;
    /// How often ignore entries whose expiry has passed are looked for and removed.
    ignore_expiry_interval as "ignore_expiry_interval_secs": Duration = "60", parse::secs;
    /// How often fail2ban's database is copied into the archive.
    sync_interval as "sync_interval_secs": Duration = "5", parse::secs;
    /// Allow blocklist URLs that point at private, loopback or link-local addresses.
    blocklist_allow_private_urls: bool = "false", parse::boolean;
    /// Comma-separated private networks blocklist URLs may point at all the same, such as an internal mirror's 10.1.2.0/24.
    blocklist_allowed_networks: Vec<ipnet::IpNet> = "", parse::networks;
    /// Allow notification channel URLs that point at private, loopback or link-local addresses.
    notify_allow_private_urls: bool = "false", parse::boolean;
    /// Comma-separated private networks notification channel URLs may point at all the same, such as an internal ntfy server's 10.1.2.3/32.
    notify_allowed_networks: Vec<ipnet::IpNet> = "", parse::networks;
    /// Most messages a minute per notification rule and channel; the events between two messages are told in the second.
    notify_max_per_minute: u32 = "3", parse::per_minute;
    /// Attempts of a notification before it is FAILED.
    notify_attempts: u32 = "5", parse::attempts;
    /// The pause after a notification's first failed attempt; it doubles with each next one, with jitter.
    notify_retry_base as "notify_retry_base_secs": Duration = "30", parse::secs;
    /// The dashboard's address as its users reach it, such as `https://bangui.example.org`, for links in notifications; empty: no links.
    public_url: String = "", parse::optional_http_url;
    /// The SMTP server of e-mail channels: smtps://USER:PASSWORD@HOST:465 (TLS), smtp://USER:PASSWORD@HOST:587?tls=required (STARTTLS) or smtp://HOST:25 (a local relay); empty: no e-mail channels.
    [secret] smtp_url: Secret = "", parse::smtp_url;
    /// The sender of notification e-mails.
    smtp_from: String = "BanGUI <bangui@localhost>", parse::mailbox;
    /// Archived bans that started longer ago than this and are over are removed; 0 keeps every ban.
    archive_retention as "archive_retention_days": Duration = "0", parse::days_or_never;
    /// Deliveries older than this are removed once done.
    delivery_retention as "delivery_retention_days": Duration = "30", parse::days;
    /// A session unused for this long expires.
    session_idle_timeout as "session_idle_timeout_secs": Duration = "1800", parse::secs;
    /// A session expires this long after sign-in, used or not.
    session_absolute_timeout as "session_absolute_timeout_secs": Duration = "28800", parse::secs;
    /// Behind a reverse proxy: take the client address from the last X-Forwarded-For entry (the one the proxy appends) and mark cookies Secure when X-Forwarded-Proto is https.
    trust_proxy: bool = "false", parse::boolean;
    /// Allow GraphQL introspection and the playground for signed-in users.
    introspection: bool = "true", parse::boolean;
    /// Longest time one HTTP request may take.
    request_timeout as "request_timeout_secs": Duration = "30", parse::secs;
    /// How long a connection may take to send a request's headers, and stay open idle between requests.
    header_timeout as "header_timeout_secs": Duration = "10", parse::secs;
    /// Most open HTTP and WebSocket connections; past it the longest-idle connection is closed for a new one. 0: the open-file limit (raised to its hard limit at start) less 128.
    max_connections: usize = "0", parse::connections;
    /// Free space the SQLite database's disk must keep; below it /readyz answers 503 and health says the disk is full.
    min_free_disk as "min_free_disk_mb": u64 = "64", parse::mebibytes;
    /// Serve /metrics to anyone; otherwise only to loopback clients and ADMIN tokens.
    metrics_public: bool = "false", parse::boolean;
    /// Directory of a built web dashboard to serve at / instead of the one built into the binary; empty: the built-in one, or web/dist when the binary has none.
    web_dir: Option<PathBuf> = "", parse::optional_path;
}

/// Environment variables that configure how BanGUI itself starts, not settings.
const META_VARIABLES: &[&str] = &["BANGUI_CONFIG", "BANGUI_TEST_POSTGRES_URL"];

/// A loaded configuration with the warnings found while loading it.
#[derive(Debug)]
pub struct Loaded {
    pub config: Config,
    pub warnings: Vec<String>,
}

fn env_name(key: &str) -> String {
    format!("BANGUI_{}", key.to_ascii_uppercase())
}

/// Raw string values of the settings given, before parsing.
struct Raw {
    values: BTreeMap<&'static str, (String, Origin)>,
}

impl Raw {
    /// Parses a setting from its given value or its `default`; the value of a
    /// `secret` one is redacted in the message when it is wrong.
    fn get<T>(
        &self,
        key: &'static str,
        default: &'static str,
        secret: bool,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Result<T, ConfigError> {
        let (value, origin) = self
            .values
            .get(key)
            .cloned()
            .unwrap_or_else(|| (default.to_owned(), Origin::Default));
        parse(value.trim()).map_err(|reason| ConfigError::Invalid {
            env: env_name(key),
            value: if secret {
                format!("{:?}", redact_url(&value))
            } else {
                format!("{value:?}")
            },
            origin,
            reason,
        })
    }
}

impl Config {
    /// Loads defaults, then `file` when given, then the `BANGUI_*` variables in `env`.
    pub fn load(
        file: Option<&Path>,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Loaded, ConfigError> {
        let mut raw = Raw {
            values: BTreeMap::new(),
        };
        let mut warnings = Vec::new();
        if let Some(path) = file {
            read_file(path, &mut raw)?;
        }
        for (name, value) in env {
            let Some(rest) = name.strip_prefix("BANGUI_") else {
                continue;
            };
            match SPECS.iter().find(|s| s.key.eq_ignore_ascii_case(rest)) {
                Some(spec) => {
                    raw.values.insert(spec.key, (value, Origin::Environment));
                }
                None if META_VARIABLES.contains(&name.as_str()) => {}
                None => warnings.push(format!(
                    "unknown environment variable {name} is ignored (see `bangui --help` for the settings)"
                )),
            }
        }
        let config = Config::from_raw(&raw)?;
        if config.geoip_http_fallback {
            warnings.push(
                "BANGUI_GEOIP_HTTP_FALLBACK is on: addresses unknown to the local database are sent over plain HTTP to ip-api.com".to_owned(),
            );
        }
        Ok(Loaded { config, warnings })
    }

    /// Every setting with its environment variable, default and meaning, for `--help`.
    pub fn help_text() -> String {
        let mut out = String::from(
            "Settings (TOML key in --config FILE, or environment variable; the environment wins):\n",
        );
        for spec in SPECS {
            let default = if spec.default.is_empty() {
                "(empty)"
            } else {
                spec.default
            };
            out.push_str(&format!(
                "  {:<34} {}\n  {:<34} default: {}\n",
                env_name(spec.key),
                spec.help.trim(),
                format!("({})", spec.key),
                default
            ));
        }
        out
    }
}

fn read_file(path: &Path, raw: &mut Raw) -> Result<(), ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_owned(),
        source,
    })?;
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| ConfigError::Syntax {
            path: path.to_owned(),
            message: e.message().to_owned(),
        })?;
    for (key, value) in table {
        let Some(spec) = SPECS.iter().find(|s| s.key == key) else {
            return Err(ConfigError::UnknownKey {
                path: path.to_owned(),
                key,
            });
        };
        let text = match value {
            toml::Value::String(s) => s,
            toml::Value::Array(items) => items
                .iter()
                .map(|item| match item {
                    toml::Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect::<Vec<_>>()
                .join(","),
            other => other.to_string(),
        };
        raw.values
            .insert(spec.key, (text, Origin::File(path.to_owned())));
    }
    Ok(())
}
