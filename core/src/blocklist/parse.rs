//! Reads a published IP list: one address or network per line; comments start
//! with `#` or `;` (whole lines or after the entry); extra columns separated by
//! tabs, spaces or commas are ignored; CRLF line ends and a UTF-8 BOM are fine.

use std::collections::HashSet;
use std::net::IpAddr;

use ipnet::IpNet;

/// One entry of a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Entry {
    Address(IpAddr),
    /// A network of more than one address.
    Network(IpNet),
}

/// What a list held.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    /// Distinct entries, in the order first seen.
    pub entries: Vec<Entry>,
    /// Lines holding an entry, valid or not (comments and blank lines excluded).
    pub lines: u64,
    /// Lines whose entry is not an address or network.
    pub invalid: u64,
    /// Entries seen more than once.
    pub duplicates: u64,
}

/// The entry of one line, `None` for a blank or comment line, `Some(Err)` for junk.
fn entry(line: &str) -> Option<Result<Entry, ()>> {
    let line = line.split(['#', ';']).next().unwrap_or("");
    let field = line
        .split(|c: char| c.is_whitespace() || c == ',')
        .find(|f| !f.is_empty())?;
    if let Ok(ip) = field.parse::<IpAddr>() {
        return Some(Ok(Entry::Address(canonical(ip))));
    }
    Some(match field.parse::<IpNet>() {
        Ok(net) => {
            let net = net.trunc();
            if net.prefix_len() == net.max_prefix_len() {
                Ok(Entry::Address(canonical(net.addr())))
            } else {
                Ok(Entry::Network(net))
            }
        }
        Err(_) => Err(()),
    })
}

/// IPv4-mapped IPv6 addresses are IPv4 addresses.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    }
}

/// Parses a whole list.
pub fn parse(body: &[u8]) -> Parsed {
    let text = String::from_utf8_lossy(body);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut out = Parsed::default();
    let mut seen = HashSet::new();
    for line in text.lines() {
        match entry(line) {
            None => {}
            Some(Err(())) => {
                out.lines += 1;
                out.invalid += 1;
            }
            Some(Ok(e)) => {
                out.lines += 1;
                if seen.insert(e) {
                    out.entries.push(e);
                } else {
                    out.duplicates += 1;
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(s: &str) -> Entry {
        Entry::Address(s.parse().unwrap())
    }

    #[test]
    fn common_list_shapes() {
        let body = "\u{feff}# FireHOL-style header\r\n\
                    ; another comment\r\n\
                    \r\n\
                    192.0.2.1\r\n\
                    198.51.100.7   # trailing comment\n\
                    203.0.113.9\t2026-11-01\tssh\n\
                    203.0.113.10,scanner\n\
                    2001:db8::1 ; v6\n\
                    ::ffff:192.0.2.77\n\
                    198.51.100.0/24\n\
                    192.0.2.5/32\n\
                    10.9.8.0/33\n\
                    not-an-address\n\
                    192.0.2.1\n\
                    \t  \n";
        let parsed = parse(body.as_bytes());
        assert_eq!(
            parsed.entries,
            vec![
                addr("192.0.2.1"),
                addr("198.51.100.7"),
                addr("203.0.113.9"),
                addr("203.0.113.10"),
                addr("2001:db8::1"),
                addr("192.0.2.77"),
                Entry::Network("198.51.100.0/24".parse().unwrap()),
                addr("192.0.2.5"),
            ]
        );
        assert_eq!(parsed.lines, 11);
        assert_eq!(parsed.invalid, 2);
        assert_eq!(parsed.duplicates, 1);
    }

    #[test]
    fn networks_are_normalised() {
        let parsed = parse(b"198.51.100.77/24\n198.51.100.0/24\n");
        assert_eq!(
            parsed.entries,
            vec![Entry::Network("198.51.100.0/24".parse().unwrap())]
        );
        assert_eq!(parsed.duplicates, 1);
    }

    #[test]
    fn empty_and_binary_bodies() {
        assert_eq!(parse(b""), Parsed::default());
        let junk = parse(&[0xff, 0xfe, 0x00, b'\n', 0x80]);
        assert_eq!(junk.entries, vec![]);
        assert_eq!(junk.invalid, 2);
    }
}
