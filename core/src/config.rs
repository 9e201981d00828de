//! BanGUI's one typed configuration tree: defaults, then an optional TOML file, then
//! `BANGUI_*` environment variables, validated before anything starts.

use std::collections::BTreeMap;
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

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

/// One documented setting: its TOML key, default and meaning. The environment
/// variable is the key upper-cased behind `BANGUI_`.
struct Spec {
    key: &'static str,
    default: &'static str,
    help: &'static str,
    /// Values that may hold credentials are redacted in messages.
    secret: bool,
}

const SPECS: &[Spec] = &[
    Spec {
        key: "database_url",
        default: "sqlite://data/bangui.db",
        help: "Database: sqlite://PATH (embedded, the parent directory is created) or postgres://USER:PASSWORD@HOST/DB.",
        secret: true,
    },
    Spec {
        key: "listen",
        default: "127.0.0.1:8080",
        help: "Address and port the HTTP server listens on.",
        secret: false,
    },
    Spec {
        key: "fail2ban_socket",
        default: "/var/run/fail2ban/fail2ban.sock",
        help: "fail2ban-server's control socket.",
        secret: false,
    },
    Spec {
        key: "fail2ban_db",
        default: "/var/lib/fail2ban/fail2ban.sqlite3",
        help: "fail2ban's own SQLite database, read-only.",
        secret: false,
    },
    Spec {
        key: "fail2ban_config_dir",
        default: "/etc/fail2ban",
        help: "fail2ban's configuration directory, read by fail2ban-client when BanGUI reloads fail2ban or starts a jail.",
        secret: false,
    },
    Spec {
        key: "fail2ban_timeout_secs",
        default: "10",
        help: "How long one fail2ban command may take before it fails.",
        secret: false,
    },
    Spec {
        key: "geoip_db",
        default: "data/geo-whois-asn-country.mmdb",
        help: "MaxMind-format country database (GeoLite2-Country or ip-location-db); reloaded when the file changes.",
        secret: false,
    },
    Spec {
        key: "geoip_http_fallback",
        default: "false",
        help: "Ask ip-api.com over plain HTTP for addresses the local database does not know.",
        secret: false,
    },
    Spec {
        key: "geoip_fallback_url",
        default: "http://ip-api.com/batch",
        help: "Batch endpoint of the HTTP fallback (ip-api.com's format).",
        secret: false,
    },
    Spec {
        key: "geoip_cache_retention_days",
        default: "90",
        help: "Cached countries of addresses unseen for this many days are removed.",
        secret: false,
    },
    Spec {
        key: "log_format",
        default: "text",
        help: "Log format: text or json.",
        secret: false,
    },
    Spec {
        key: "log_level",
        default: "info,sea_orm_migration=warn",
        help: "Log filter, e.g. info, debug, or bangui_api=debug,info.",
        secret: false,
    },
    Spec {
        key: "allowed_origins",
        default: "",
        help: "Comma-separated origins (https://host:port) allowed for cookie requests and WebSockets besides the server's own.",
        secret: false,
    },
    Spec {
        key: "sync_interval_secs",
        default: "5",
        help: "How often fail2ban's database is copied into the archive.",
        secret: false,
    },
    Spec {
        key: "blocklist_allow_private_urls",
        default: "false",
        help: "Allow blocklist URLs that point at private, loopback or link-local addresses.",
        secret: false,
    },
    Spec {
        key: "session_idle_timeout_secs",
        default: "1800",
        help: "A session unused for this long expires.",
        secret: false,
    },
    Spec {
        key: "session_absolute_timeout_secs",
        default: "28800",
        help: "A session expires this long after sign-in, used or not.",
        secret: false,
    },
    Spec {
        key: "trust_proxy",
        default: "false",
        help: "Behind a reverse proxy: take the client address from the last X-Forwarded-For entry (the one the proxy appends) and mark cookies Secure when X-Forwarded-Proto is https.",
        secret: false,
    },
    Spec {
        key: "introspection",
        default: "true",
        help: "Allow GraphQL introspection and the playground for signed-in users.",
        secret: false,
    },
    Spec {
        key: "request_timeout_secs",
        default: "30",
        help: "Longest time one HTTP request may take.",
        secret: false,
    },
    Spec {
        key: "header_timeout_secs",
        default: "10",
        help: "How long a connection may take to send a request's headers, and stay open idle between requests.",
        secret: false,
    },
    Spec {
        key: "max_connections",
        default: "0",
        help: "Most open HTTP and WebSocket connections; past it the longest-idle connection is closed for a new one. 0: the open-file limit (raised to its hard limit at start) less 128.",
        secret: false,
    },
    Spec {
        key: "min_free_disk_mb",
        default: "64",
        help: "Free space the SQLite database's disk must keep; below it /readyz answers 503 and health says the disk is full.",
        secret: false,
    },
    Spec {
        key: "metrics_public",
        default: "false",
        help: "Serve /metrics to anyone; otherwise only to loopback clients and ADMIN tokens.",
        secret: false,
    },
    Spec {
        key: "web_dir",
        default: "",
        help: "Directory of a built web dashboard to serve at / instead of the one built into the binary; empty: the built-in one, or web/dist when the binary has none.",
        secret: false,
    },
];

/// Environment variables that configure how BanGUI itself starts, not settings.
const META_VARIABLES: &[&str] = &["BANGUI_CONFIG", "BANGUI_TEST_POSTGRES_URL"];

/// The validated configuration.
#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: String,
    pub listen: SocketAddr,
    pub fail2ban_socket: PathBuf,
    pub fail2ban_db: PathBuf,
    pub fail2ban_config_dir: PathBuf,
    pub fail2ban_timeout: Duration,
    pub geoip_db: PathBuf,
    pub geoip_http_fallback: bool,
    pub geoip_fallback_url: String,
    pub geoip_cache_retention: Duration,
    pub log_format: LogFormat,
    pub log_level: String,
    pub allowed_origins: Vec<String>,
    pub sync_interval: Duration,
    pub blocklist_allow_private_urls: bool,
    pub session_idle_timeout: Duration,
    pub session_absolute_timeout: Duration,
    pub trust_proxy: bool,
    pub introspection: bool,
    pub request_timeout: Duration,
    /// Longest wait for a request's headers, idle keep-alive included.
    pub header_timeout: Duration,
    /// 0: derived from the open-file limit.
    pub max_connections: usize,
    /// Free bytes the SQLite database's disk must keep.
    pub min_free_disk: u64,
    /// `/metrics` for anyone, not only loopback clients and ADMIN tokens.
    pub metrics_public: bool,
    /// `None`: the dashboard built into the binary.
    pub web_dir: Option<PathBuf>,
}

/// A loaded configuration with the warnings found while loading it.
#[derive(Debug)]
pub struct Loaded {
    pub config: Config,
    pub warnings: Vec<String>,
}

fn env_name(key: &str) -> String {
    format!("BANGUI_{}", key.to_ascii_uppercase())
}

/// Raw string values of every setting, before parsing.
struct Raw {
    values: BTreeMap<&'static str, (String, Origin)>,
}

impl Raw {
    fn get<T>(
        &self,
        key: &str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Result<T, ConfigError> {
        let spec = SPECS.iter().find(|s| s.key == key);
        let (value, origin) = self
            .values
            .get(key)
            .cloned()
            .unwrap_or_else(|| (spec.map_or("", |s| s.default).to_owned(), Origin::Default));
        parse(value.trim()).map_err(|reason| ConfigError::Invalid {
            env: env_name(key),
            value: if spec.is_some_and(|s| s.secret) {
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

    fn from_raw(raw: &Raw) -> Result<Config, ConfigError> {
        Ok(Config {
            database_url: raw.get("database_url", parse_database_url)?,
            listen: raw.get("listen", |v| {
                v.parse()
                    .map_err(|_| "expected an address and port like 127.0.0.1:8080".to_owned())
            })?,
            fail2ban_socket: raw.get("fail2ban_socket", parse_path)?,
            fail2ban_db: raw.get("fail2ban_db", parse_path)?,
            fail2ban_config_dir: raw.get("fail2ban_config_dir", parse_path)?,
            fail2ban_timeout: raw.get("fail2ban_timeout_secs", parse_secs)?,
            geoip_db: raw.get("geoip_db", parse_path)?,
            geoip_http_fallback: raw.get("geoip_http_fallback", parse_bool)?,
            geoip_fallback_url: raw.get("geoip_fallback_url", |v| {
                if v.starts_with("http://") || v.starts_with("https://") {
                    Ok(v.to_owned())
                } else {
                    Err("expected an http:// or https:// URL".to_owned())
                }
            })?,
            geoip_cache_retention: raw.get("geoip_cache_retention_days", |v| {
                match v.parse::<u64>() {
                    Ok(days) if (1..=3650).contains(&days) => {
                        Ok(Duration::from_secs(days * 86_400))
                    }
                    _ => Err("expected a number of days from 1 to 3650".to_owned()),
                }
            })?,
            log_format: raw.get("log_format", |v| match v.to_ascii_lowercase().as_str() {
                "text" => Ok(LogFormat::Text),
                "json" => Ok(LogFormat::Json),
                _ => Err("expected text or json".to_owned()),
            })?,
            log_level: raw.get("log_level", |v| {
                if v.is_empty() {
                    Err("expected a filter such as info or debug".to_owned())
                } else {
                    Ok(v.to_owned())
                }
            })?,
            allowed_origins: raw.get("allowed_origins", parse_origins)?,
            sync_interval: raw.get("sync_interval_secs", parse_secs)?,
            blocklist_allow_private_urls: raw.get("blocklist_allow_private_urls", parse_bool)?,
            session_idle_timeout: raw.get("session_idle_timeout_secs", parse_secs)?,
            session_absolute_timeout: raw.get("session_absolute_timeout_secs", parse_secs)?,
            trust_proxy: raw.get("trust_proxy", parse_bool)?,
            introspection: raw.get("introspection", parse_bool)?,
            request_timeout: raw.get("request_timeout_secs", parse_secs)?,
            header_timeout: raw.get("header_timeout_secs", parse_secs)?,
            metrics_public: raw.get("metrics_public", parse_bool)?,
            min_free_disk: raw.get("min_free_disk_mb", |v| {
                v.parse::<u64>()
                    .ok()
                    .and_then(|mb| mb.checked_mul(1024 * 1024))
                    .ok_or_else(|| "expected a whole number of MiB".to_owned())
            })?,
            max_connections: raw.get("max_connections", |v| {
                v.parse::<usize>().map_err(|_| {
                    "expected a number of connections (0: from the file limit)".to_owned()
                })
            })?,
            web_dir: raw.get("web_dir", |v| {
                if v.is_empty() {
                    Ok(None)
                } else {
                    parse_path(v).map(Some)
                }
            })?,
        })
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
                spec.help,
                format!("({})", spec.key),
                default
            ));
        }
        out
    }

    /// The database URL with any password removed, safe to log.
    pub fn database_url_redacted(&self) -> String {
        redact_url(&self.database_url)
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

fn parse_database_url(value: &str) -> Result<String, String> {
    let lower = value.to_ascii_lowercase();
    if lower.starts_with("sqlite:") {
        let path = value["sqlite:".len()..].trim_start_matches("//");
        let path = path.split('?').next().unwrap_or_default();
        if path.is_empty() {
            return Err("an SQLite URL needs a file path, e.g. sqlite://data/bangui.db".to_owned());
        }
        Ok(value.to_owned())
    } else if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
        Ok(value.to_owned())
    } else {
        Err("expected sqlite://PATH or postgres://USER@HOST/DATABASE".to_owned())
    }
}

fn parse_path(value: &str) -> Result<PathBuf, String> {
    if value.is_empty() {
        Err("expected a path".to_owned())
    } else {
        Ok(PathBuf::from(value))
    }
}

fn parse_bool(value: &str) -> Result<bool, String> {
    match value.to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Ok(true),
        "false" | "0" | "no" | "off" => Ok(false),
        _ => Err("expected true or false".to_owned()),
    }
}

fn parse_secs(value: &str) -> Result<Duration, String> {
    match value.parse::<u64>() {
        Ok(0) => Err("expected a number of seconds greater than 0".to_owned()),
        Ok(n) if n <= 366 * 86_400 => Ok(Duration::from_secs(n)),
        Ok(_) => Err("expected at most one year of seconds".to_owned()),
        Err(_) => Err("expected a whole number of seconds".to_owned()),
    }
}

fn parse_origins(value: &str) -> Result<Vec<String>, String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .map(|origin| {
            let rest = origin
                .strip_prefix("http://")
                .or_else(|| origin.strip_prefix("https://"))
                .ok_or_else(|| format!("origin {origin:?} must start with http:// or https://"))?;
            if rest.is_empty() || rest.contains('/') {
                return Err(format!(
                    "origin {origin:?} must be scheme://host[:port] without a path"
                ));
            }
            Ok(origin.trim_end_matches('/').to_ascii_lowercase())
        })
        .collect()
}

/// Removes the password from a URL such as `postgres://user:secret@host/db`.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, tail) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***@{host}{tail}")
        }
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn defaults_apply_without_file_or_environment() {
        let loaded = Config::load(None, env(&[])).unwrap();
        let c = loaded.config;
        assert_eq!(c.database_url, "sqlite://data/bangui.db");
        assert_eq!(c.listen, "127.0.0.1:8080".parse().unwrap());
        assert_eq!(
            c.fail2ban_socket,
            PathBuf::from("/var/run/fail2ban/fail2ban.sock")
        );
        assert_eq!(
            c.fail2ban_db,
            PathBuf::from("/var/lib/fail2ban/fail2ban.sqlite3")
        );
        assert_eq!(c.log_format, LogFormat::Text);
        assert_eq!(c.sync_interval, Duration::from_secs(5));
        assert!(!c.blocklist_allow_private_urls);
        assert!(c.allowed_origins.is_empty());
        assert!(loaded.warnings.is_empty());
    }

    #[test]
    fn environment_overrides_file_which_overrides_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("bangui.toml");
        std::fs::write(
            &file,
            "listen = \"0.0.0.0:9000\"\nsync_interval_secs = 30\nallowed_origins = [\"https://a.example\", \"http://b.example:8080\"]\n",
        )
        .unwrap();
        let loaded = Config::load(
            Some(&file),
            env(&[
                ("BANGUI_LISTEN", "127.0.0.1:7000"),
                ("BANGUI_LOG_FORMAT", "JSON"),
            ]),
        )
        .unwrap();
        assert_eq!(loaded.config.listen, "127.0.0.1:7000".parse().unwrap());
        assert_eq!(loaded.config.sync_interval, Duration::from_secs(30));
        assert_eq!(loaded.config.log_format, LogFormat::Json);
        assert_eq!(
            loaded.config.allowed_origins,
            vec![
                "https://a.example".to_owned(),
                "http://b.example:8080".to_owned()
            ]
        );
    }

    #[test]
    fn bad_value_names_the_setting_and_the_problem() {
        let err = Config::load(None, env(&[("BANGUI_LISTEN", "localhost")])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid BANGUI_LISTEN=\"localhost\" (from the environment): expected an address and port like 127.0.0.1:8080"
        );
        let err = Config::load(None, env(&[("BANGUI_SYNC_INTERVAL_SECS", "0")])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid BANGUI_SYNC_INTERVAL_SECS=\"0\" (from the environment): expected a number of seconds greater than 0"
        );
    }

    #[test]
    fn database_password_never_appears_in_errors() {
        let err = Config::load(
            None,
            env(&[("BANGUI_DATABASE_URL", "mysql://u:hunter2@h/db")]),
        )
        .unwrap_err();
        let text = err.to_string();
        assert!(!text.contains("hunter2"), "{text}");
        assert_eq!(
            text,
            "invalid BANGUI_DATABASE_URL=\"mysql://u:***@h/db\" (from the environment): expected sqlite://PATH or postgres://USER@HOST/DATABASE"
        );
    }

    #[test]
    fn unknown_environment_variables_are_warned_about() {
        let loaded = Config::load(
            None,
            env(&[
                ("BANGUI_LISTN", "x"),
                ("BANGUI_CONFIG", "f"),
                ("PATH", "/bin"),
            ]),
        )
        .unwrap();
        assert_eq!(
            loaded.warnings,
            vec!["unknown environment variable BANGUI_LISTN is ignored (see `bangui --help` for the settings)".to_owned()]
        );
    }

    #[test]
    fn unknown_file_keys_and_bad_toml_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("bangui.toml");
        std::fs::write(&file, "listn = \"x\"\n").unwrap();
        let err = Config::load(Some(&file), env(&[])).unwrap_err();
        assert!(matches!(err, ConfigError::UnknownKey { ref key, .. } if key == "listn"));
        std::fs::write(&file, "listen = \n").unwrap();
        let err = Config::load(Some(&file), env(&[])).unwrap_err();
        assert!(matches!(err, ConfigError::Syntax { .. }), "{err}");
    }

    #[test]
    fn origins_must_be_scheme_and_host() {
        let err =
            Config::load(None, env(&[("BANGUI_ALLOWED_ORIGINS", "example.com")])).unwrap_err();
        assert!(
            err.to_string()
                .ends_with("origin \"example.com\" must start with http:// or https://"),
            "{err}"
        );
    }

    #[test]
    fn redacts_passwords() {
        assert_eq!(
            redact_url("postgres://bob:pw@db:5432/x"),
            "postgres://bob:***@db:5432/x"
        );
        assert_eq!(
            redact_url("sqlite://data/bangui.db"),
            "sqlite://data/bangui.db"
        );
    }

    #[test]
    fn help_lists_every_setting() {
        let help = Config::help_text();
        for spec in SPECS {
            assert!(help.contains(&env_name(spec.key)), "{}", spec.key);
        }
    }
}
