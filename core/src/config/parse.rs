//! How each kind of setting is read from its text, with the reason a person
//! reads when it is wrong.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use super::LogFormat;
use super::secret::Secret;

pub(super) type Parsed<T> = Result<T, String>;

pub(super) fn database_url(value: &str) -> Parsed<Secret> {
    let lower = value.to_ascii_lowercase();
    if lower.starts_with("sqlite:") {
        let path = value["sqlite:".len()..].trim_start_matches("//");
        let path = path.split('?').next().unwrap_or_default();
        if path.is_empty() {
            return Err("an SQLite URL needs a file path, e.g. sqlite://data/bangui.db".to_owned());
        }
        Ok(Secret::new(value))
    } else if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
        Ok(Secret::new(value))
    } else {
        Err("expected sqlite://PATH or postgres://USER@HOST/DATABASE".to_owned())
    }
}

pub(super) fn address(value: &str) -> Parsed<SocketAddr> {
    value
        .parse()
        .map_err(|_| "expected an address and port like 127.0.0.1:8080".to_owned())
}

pub(super) fn path(value: &str) -> Parsed<PathBuf> {
    if value.is_empty() {
        Err("expected a path".to_owned())
    } else {
        Ok(PathBuf::from(value))
    }
}

/// A path, or nothing when empty.
pub(super) fn optional_path(value: &str) -> Parsed<Option<PathBuf>> {
    if value.is_empty() {
        Ok(None)
    } else {
        path(value).map(Some)
    }
}

pub(super) fn boolean(value: &str) -> Parsed<bool> {
    match value.to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Ok(true),
        "false" | "0" | "no" | "off" => Ok(false),
        _ => Err("expected true or false".to_owned()),
    }
}

pub(super) fn secs(value: &str) -> Parsed<Duration> {
    match value.parse::<u64>() {
        Ok(0) => Err("expected a number of seconds greater than 0".to_owned()),
        Ok(n) if n <= 366 * 86_400 => Ok(Duration::from_secs(n)),
        Ok(_) => Err("expected at most one year of seconds".to_owned()),
        Err(_) => Err("expected a whole number of seconds".to_owned()),
    }
}

pub(super) fn days(value: &str) -> Parsed<Duration> {
    match value.parse::<u64>() {
        Ok(days) if (1..=3650).contains(&days) => Ok(Duration::from_secs(days * 86_400)),
        _ => Err("expected a number of days from 1 to 3650".to_owned()),
    }
}

/// A number of days from 1 to 36500, or 0 for never (`Duration::ZERO`).
pub(super) fn days_or_never(value: &str) -> Parsed<Duration> {
    match value.parse::<u64>() {
        Ok(days) if days <= 36_500 => Ok(Duration::from_secs(days * 86_400)),
        _ => Err("expected a number of days from 0 (keep everything) to 36500".to_owned()),
    }
}

/// A whole number from 1 to 60.
pub(super) fn per_minute(value: &str) -> Parsed<u32> {
    match value.parse::<u32>() {
        Ok(n) if (1..=60).contains(&n) => Ok(n),
        _ => Err("expected a whole number from 1 to 60".to_owned()),
    }
}

/// A whole number of attempts from 1 to 20.
pub(super) fn attempts(value: &str) -> Parsed<u32> {
    match value.parse::<u32>() {
        Ok(n) if (1..=20).contains(&n) => Ok(n),
        _ => Err("expected a number of attempts from 1 to 20".to_owned()),
    }
}

pub(super) fn mebibytes(value: &str) -> Parsed<u64> {
    value
        .parse::<u64>()
        .ok()
        .and_then(|mb| mb.checked_mul(1024 * 1024))
        .ok_or_else(|| "expected a whole number of MiB".to_owned())
}

pub(super) fn connections(value: &str) -> Parsed<usize> {
    value
        .parse::<usize>()
        .map_err(|_| "expected a number of connections (0: from the file limit)".to_owned())
}

pub(super) fn http_url(value: &str) -> Parsed<String> {
    if value.starts_with("http://") || value.starts_with("https://") {
        Ok(value.to_owned())
    } else {
        Err("expected an http:// or https:// URL".to_owned())
    }
}

/// Empty, or an http:// or https:// URL.
pub(super) fn optional_http_url(value: &str) -> Parsed<String> {
    if value.is_empty() {
        Ok(String::new())
    } else {
        http_url(value)
    }
}

/// The hub an agent connects to: empty, or an http(s):// or ws(s):// URL.
pub(super) fn hub_url(value: &str) -> Parsed<String> {
    let schemes = ["http://", "https://", "ws://", "wss://"];
    if value.is_empty() || schemes.iter().any(|s| value.starts_with(s)) {
        Ok(value.to_owned())
    } else {
        Err("expected the hub's https:// (or http://) URL".to_owned())
    }
}

/// An SMTP server: empty, or an smtp:// or smtps:// URL.
pub(super) fn smtp_url(value: &str) -> Parsed<Secret> {
    if value.is_empty() || value.starts_with("smtp://") || value.starts_with("smtps://") {
        Ok(Secret::new(value))
    } else {
        Err(
            "expected smtps://USER:PASSWORD@HOST:465 or smtp://USER:PASSWORD@HOST:587?tls=required"
                .to_owned(),
        )
    }
}

/// An e-mail sender, `Name <address>` or an address.
pub(super) fn mailbox(value: &str) -> Parsed<String> {
    if value.contains('@') && !value.contains(['\r', '\n']) {
        Ok(value.to_owned())
    } else {
        Err("expected an e-mail address, such as BanGUI <bangui@example.org>".to_owned())
    }
}

/// A token: printable characters without spaces, or empty.
pub(super) fn token(value: &str) -> Parsed<Secret> {
    if value.chars().all(|c| c.is_ascii_graphic()) {
        Ok(Secret::new(value))
    } else {
        Err("expected a token of printable characters without spaces".to_owned())
    }
}

/// A host name as given, or the machine's when empty.
pub(super) fn host_name(value: &str) -> Parsed<String> {
    let name = if value.is_empty() {
        std::fs::read_to_string("/proc/sys/kernel/hostname")
            .map(|name| name.trim().to_owned())
            .ok()
            .filter(|name| !name.is_empty())
            .unwrap_or_else(|| "localhost".to_owned())
    } else {
        value.to_owned()
    };
    let valid = name.len() <= 253
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if valid {
        Ok(name)
    } else {
        Err("expected a host name of letters, digits, '.', '-' and '_'".to_owned())
    }
}

pub(super) fn log_format(value: &str) -> Parsed<LogFormat> {
    match value.to_ascii_lowercase().as_str() {
        "text" => Ok(LogFormat::Text),
        "json" => Ok(LogFormat::Json),
        _ => Err("expected text or json".to_owned()),
    }
}

pub(super) fn log_filter(value: &str) -> Parsed<String> {
    if value.is_empty() {
        Err("expected a filter such as info or debug".to_owned())
    } else {
        Ok(value.to_owned())
    }
}

pub(super) fn origins(value: &str) -> Parsed<Vec<String>> {
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

/// Comma-separated networks such as `10.1.0.0/16` or single addresses.
pub(super) fn networks(value: &str) -> Parsed<Vec<ipnet::IpNet>> {
    value
        .split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|text| {
            text.parse::<ipnet::IpNet>()
                .or_else(|_| text.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map(|net| net.trunc())
                .map_err(|_| format!("{text:?} is not a network such as 10.1.0.0/16 or an address"))
        })
        .collect()
}
