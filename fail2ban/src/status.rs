//! Typed views of fail2ban's answers.

use chrono::{DateTime, Local, NaiveDateTime, TimeZone, Utc};

use crate::error::{Fail2banError, Result};
use crate::pickle::Value;

/// `status`: the server's jails.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerStatus {
    pub jails: Vec<String>,
}

/// `status <jail>`: the jail's counters and banned addresses.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct JailStatus {
    pub currently_failed: i64,
    pub total_failed: i64,
    pub file_list: Vec<String>,
    pub currently_banned: i64,
    pub total_banned: i64,
    pub banned_ips: Vec<String>,
}

/// One entry of `get <jail> banip --with-time`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BannedIp {
    pub ip: String,
    pub banned_at: DateTime<Utc>,
    /// Seconds; -1 when permanent.
    pub ban_time: i64,
}

fn protocol(what: &str) -> Fail2banError {
    Fail2banError::Protocol(format!("unexpected shape of {what}"))
}

/// Looks up `key` in a list of `(name, value)` pairs.
fn field<'v>(pairs: &'v Value, key: &str) -> Option<&'v Value> {
    pairs.as_seq()?.iter().find_map(|pair| match pair.as_seq() {
        Some([k, v]) if k.as_str() == Some(key) => Some(v),
        _ => None,
    })
}

/// A list of strings, or a single comma-separated string.
pub fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::Str(s) if s.is_empty() => Vec::new(),
        Value::Str(s) => s.split(',').map(|p| p.trim().to_owned()).collect(),
        other => other
            .as_seq()
            .unwrap_or_default()
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
    }
}

impl ServerStatus {
    pub fn parse(value: &Value) -> Result<ServerStatus> {
        let list = field(value, "Jail list").ok_or_else(|| protocol("status"))?;
        Ok(ServerStatus {
            jails: strings(list),
        })
    }
}

impl JailStatus {
    pub fn parse(value: &Value) -> Result<JailStatus> {
        let filter = field(value, "Filter").ok_or_else(|| protocol("jail status"))?;
        let actions = field(value, "Actions").ok_or_else(|| protocol("jail status"))?;
        let int =
            |section: &Value, key: &str| field(section, key).and_then(Value::as_int).unwrap_or(0);
        Ok(JailStatus {
            currently_failed: int(filter, "Currently failed"),
            total_failed: int(filter, "Total failed"),
            file_list: field(filter, "File list").map(strings).unwrap_or_default(),
            currently_banned: int(actions, "Currently banned"),
            total_banned: int(actions, "Total banned"),
            banned_ips: field(actions, "Banned IP list")
                .map(strings)
                .unwrap_or_default(),
        })
    }
}

impl BannedIp {
    /// Parses `"IP \tYYYY-MM-DD HH:MM:SS + BANTIME = YYYY-MM-DD HH:MM:SS"`, whose
    /// times are in the server's local time zone.
    pub fn parse(line: &str) -> Option<BannedIp> {
        let (ip, rest) = line.split_once('\t')?;
        let (start, rest) = rest.split_once(" + ")?;
        let ban_time = rest
            .split_once(" = ")
            .map_or(rest, |(b, _)| b)
            .trim()
            .parse()
            .ok()?;
        let naive = NaiveDateTime::parse_from_str(start.trim(), "%Y-%m-%d %H:%M:%S").ok()?;
        let banned_at = Local
            .from_local_datetime(&naive)
            .earliest()?
            .with_timezone(&Utc);
        Some(BannedIp {
            ip: ip.trim().to_owned(),
            banned_at,
            ban_time,
        })
    }

    pub fn parse_all(value: &Value) -> Vec<BannedIp> {
        strings_raw(value)
            .iter()
            .filter_map(|l| BannedIp::parse(l))
            .collect()
    }
}

/// A list of strings without splitting on commas.
fn strings_raw(value: &Value) -> Vec<String> {
    value
        .as_seq()
        .unwrap_or_default()
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_with_time_line() {
        let b = BannedIp::parse("2001:db8::1 \t2026-11-23 10:07:57 + 604800 = 2026-11-30 10:07:57")
            .unwrap();
        assert_eq!(b.ip, "2001:db8::1");
        assert_eq!(b.ban_time, 604_800);
        let local = Local.with_ymd_and_hms(2026, 11, 23, 10, 7, 57).unwrap();
        assert_eq!(b.banned_at, local.with_timezone(&Utc));
        assert_eq!(BannedIp::parse("garbage"), None);
    }

    #[test]
    fn splits_a_comma_separated_jail_list() {
        assert_eq!(
            strings(&Value::Str("blocklist, nginx-http-auth, sshd".into())),
            vec!["blocklist", "nginx-http-auth", "sshd"]
        );
        assert!(strings(&Value::Str(String::new())).is_empty());
    }
}
