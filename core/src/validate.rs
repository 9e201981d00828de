//! Validation of input from outside, with messages a person understands.

use std::net::IpAddr;

use ipnet::IpNet;

use crate::error::{ServiceError, ServiceResult};

fn bad(message: String) -> ServiceError {
    ServiceError::BadInput(message)
}

/// `text` cut to at most `max` bytes at a character boundary, marked with "…"
/// when cut.
pub fn clip(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let mut end = max.saturating_sub('…'.len_utf8());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

/// An IP address (v4 or v6).
pub fn ip(text: &str) -> ServiceResult<IpAddr> {
    text.trim()
        .parse()
        .map_err(|_| bad(format!("{text:?} is not a valid IP address")))
}

/// An address that can be banned: one a client can send from, so not the
/// unspecified address (`0.0.0.0`, `::`), a broadcast or a multicast one.
pub fn bannable_ip(text: &str) -> ServiceResult<IpAddr> {
    let addr = ip(text)?;
    let why = match addr {
        _ if addr.is_unspecified() => Some("the unspecified address"),
        _ if addr.is_multicast() => Some("a multicast address"),
        IpAddr::V4(v4) if v4.is_broadcast() => Some("the broadcast address"),
        _ => None,
    };
    match why {
        Some(why) => Err(bad(format!(
            "{addr} is {why}, not the address of a client: it cannot be banned"
        ))),
        None => Ok(addr),
    }
}

/// The longest ban time, in seconds (ten years).
pub const MAX_BAN_SECS: i64 = 10 * 365 * 86_400;

/// The shortest network prefix a manual ban takes: /8 for IPv4, /16 for IPv6.
pub const MIN_BAN_PREFIX_V4: u8 = 8;
pub const MIN_BAN_PREFIX_V6: u8 = 16;

/// An address or network that can be banned: a bannable address, or a
/// network no wider than /8 (IPv4) or /16 (IPv6).
pub fn bannable_target(text: &str) -> ServiceResult<IpNet> {
    if !text.contains('/') {
        return bannable_ip(text).map(IpNet::from);
    }
    let net = network(text)?;
    let min = match net {
        IpNet::V4(_) => MIN_BAN_PREFIX_V4,
        IpNet::V6(_) => MIN_BAN_PREFIX_V6,
    };
    if net.prefix_len() < min {
        return Err(bad(format!(
            "{net} is wider than /{min}; ban smaller networks"
        )));
    }
    Ok(net)
}

/// The entries of a bulk ban: each distinct bannable target once, how many
/// entries repeated an earlier one, and the entries that are not targets.
pub fn bannable_targets(entries: &[String]) -> (Vec<IpNet>, i64, Vec<String>) {
    let mut targets = Vec::with_capacity(entries.len());
    let mut seen = std::collections::HashSet::with_capacity(entries.len());
    let (mut repeated, mut invalid) = (0, Vec::new());
    for entry in entries {
        match bannable_target(entry) {
            Ok(target) if seen.insert(target) => targets.push(target),
            Ok(_) => repeated += 1,
            Err(_) => invalid.push(entry.clone()),
        }
    }
    (targets, repeated, invalid)
}

/// An address or a CIDR network; a bare address becomes a /32 or /128.
pub fn network(text: &str) -> ServiceResult<IpNet> {
    let text = text.trim();
    if let Ok(net) = text.parse::<IpNet>() {
        return Ok(net.trunc());
    }
    text.parse::<IpAddr>().map(IpNet::from).map_err(|_| {
        bad(format!(
            "{text:?} is not a valid IP address or CIDR network"
        ))
    })
}

/// A jail name as fail2ban accepts it.
pub fn jail_name(name: &str) -> ServiceResult<&str> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '@'));
    if ok {
        Ok(name)
    } else {
        Err(bad(format!(
            "{name:?} is not a valid jail name (letters, digits, - _ . @; at most 64)"
        )))
    }
}

/// A ban time: a positive number of seconds, or -1 for permanent.
pub fn ban_time(secs: i64) -> ServiceResult<i64> {
    if secs == -1 || (1..=MAX_BAN_SECS).contains(&secs) {
        Ok(secs)
    } else {
        Err(bad(format!(
            "banTime must be a positive number of seconds (at most ten years) or -1 for permanent, not {secs}"
        )))
    }
}

/// A find time: a positive number of seconds.
pub fn find_time(secs: i64) -> ServiceResult<i64> {
    if (1..=365 * 86_400).contains(&secs) {
        Ok(secs)
    } else {
        Err(bad(format!(
            "findTime must be a positive number of seconds (at most a year), not {secs}"
        )))
    }
}

/// A retry limit: at least one failure.
pub fn max_retry(n: i64) -> ServiceResult<i64> {
    if (1..=1_000_000).contains(&n) {
        Ok(n)
    } else {
        Err(bad(format!(
            "maxRetry must be between 1 and 1000000, not {n}"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_strings_are_clipped_at_a_character_boundary() {
        assert_eq!(clip("short", 10), "short");
        assert_eq!(clip("abcdefghij", 6), "abc…");
        assert_eq!(clip("ééééé", 6), "é…");
        assert_eq!(clip(&"x".repeat(900_000), 256).len(), 256);
    }

    #[test]
    fn only_client_addresses_can_be_banned() {
        for text in ["0.0.0.0", "::", "255.255.255.255", "224.0.0.1", "ff02::1"] {
            assert!(bannable_ip(text).is_err(), "{text}");
        }
        assert_eq!(
            bannable_ip("0.0.0.0").unwrap_err().to_string(),
            "0.0.0.0 is the unspecified address, not the address of a client: it cannot be banned"
        );
        assert_eq!(
            bannable_ip(" 192.0.2.7 ").unwrap(),
            "192.0.2.7".parse::<IpAddr>().unwrap()
        );
    }

    #[test]
    fn addresses_and_networks() {
        assert_eq!(ip(" 192.0.2.1 ").unwrap().to_string(), "192.0.2.1");
        assert_eq!(ip("2001:db8::1").unwrap().to_string(), "2001:db8::1");
        assert_eq!(
            ip("300.1.1.1").unwrap_err().to_string(),
            "\"300.1.1.1\" is not a valid IP address"
        );
        assert_eq!(
            network("192.0.2.77/24").unwrap().to_string(),
            "192.0.2.0/24"
        );
        assert_eq!(network("192.0.2.7").unwrap().to_string(), "192.0.2.7/32");
        assert_eq!(
            network("10.0.0.0/33").unwrap_err().to_string(),
            "\"10.0.0.0/33\" is not a valid IP address or CIDR network"
        );
    }

    #[test]
    fn jail_names() {
        assert!(jail_name("nginx-http-auth").is_ok());
        assert!(jail_name("a b").is_err());
        assert!(jail_name("").is_err());
        assert!(jail_name("x;rm -rf /").is_err());
    }

    #[test]
    fn times() {
        assert_eq!(ban_time(-1).unwrap(), -1);
        assert_eq!(ban_time(600).unwrap(), 600);
        assert!(ban_time(0).is_err());
        assert!(ban_time(-5).is_err());
        assert!(find_time(0).is_err());
        assert!(max_retry(0).is_err());
        assert_eq!(max_retry(5).unwrap(), 5);
    }
}
