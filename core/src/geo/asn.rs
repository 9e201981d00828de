//! Autonomous systems: which network operator announces an address, read
//! from a local MMDB in GeoLite2-ASN's schema (`autonomous_system_number`,
//! `autonomous_system_organization`), and the conversion of ip-location-db's
//! ASN lists (CSV ranges) into such a file.

use std::io::BufRead;
use std::net::IpAddr;
use std::path::Path;

use ipnet::{IpNet, Ipv4Subnets, Ipv6Subnets};

use super::mmdb_writer::{MmdbValue, MmdbWriter};

/// An autonomous system.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Asn {
    pub number: u32,
    /// Its operator's name, when the database has one.
    pub name: Option<String>,
}

/// Why a list could not be converted.
#[derive(Debug, thiserror::Error)]
pub enum AsnListError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}, line {line}: {reason}")]
    Line {
        path: String,
        line: usize,
        reason: String,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}

/// One line of a list: `first,last,number,name`, the name quoted when it
/// holds a comma (`""` for a quote).
fn parse_line(line: &str) -> Result<(IpAddr, IpAddr, u32, String), String> {
    let mut fields = line.splitn(4, ',');
    let mut next = |what: &str| {
        fields
            .next()
            .map(str::trim)
            .ok_or_else(|| format!("no {what}"))
    };
    let first: IpAddr = next("first address")?
        .parse()
        .map_err(|_| "the first address is not an address".to_owned())?;
    let last: IpAddr = next("last address")?
        .parse()
        .map_err(|_| "the last address is not an address".to_owned())?;
    let number: u32 = next("AS number")?
        .parse()
        .map_err(|_| "the AS number is not a number".to_owned())?;
    let name = next("name").unwrap_or_default();
    let name = match name.strip_prefix('"').and_then(|n| n.strip_suffix('"')) {
        Some(quoted) => quoted.replace("\"\"", "\""),
        None => name.to_owned(),
    };
    Ok((first, last, number, name))
}

/// The networks that cover `first..=last` exactly.
fn networks(first: IpAddr, last: IpAddr) -> Result<Vec<IpNet>, String> {
    match (first, last) {
        (IpAddr::V4(a), IpAddr::V4(b)) if a <= b => {
            Ok(Ipv4Subnets::new(a, b, 0).map(IpNet::V4).collect())
        }
        (IpAddr::V6(a), IpAddr::V6(b)) if a <= b => {
            Ok(Ipv6Subnets::new(a, b, 0).map(IpNet::V6).collect())
        }
        _ => Err("the range is empty or mixes IPv4 and IPv6".to_owned()),
    }
}

/// The record of one autonomous system, as GeoLite2-ASN writes it.
fn record(number: u32, name: &str) -> MmdbValue {
    let mut pairs = vec![(
        "autonomous_system_number".to_owned(),
        MmdbValue::U32(number),
    )];
    if !name.is_empty() {
        pairs.push((
            "autonomous_system_organization".to_owned(),
            MmdbValue::str(name),
        ));
    }
    MmdbValue::Map(pairs)
}

/// Converts ip-location-db ASN lists (`asn-ipv4.csv`, `asn-ipv6.csv`) into an
/// MMDB at `out`, written beside it and renamed over it; returns the number
/// of ranges. Lines that are empty or start with `#` are skipped.
pub fn mmdb_from_lists(lists: &[&Path], out: &Path) -> Result<usize, AsnListError> {
    let mut writer = MmdbWriter::new("BanGUI-ASN")
        .described("Autonomous systems converted from ip-location-db lists by BanGUI");
    let mut ranges = 0;
    for list in lists {
        let shown = list.display().to_string();
        let file = std::fs::File::open(list).map_err(|source| AsnListError::Read {
            path: shown.clone(),
            source,
        })?;
        for (index, line) in std::io::BufReader::new(file).lines().enumerate() {
            let line = line.map_err(|source| AsnListError::Read {
                path: shown.clone(),
                source,
            })?;
            let text = line.trim();
            if text.is_empty() || text.starts_with('#') {
                continue;
            }
            let bad = |reason: String| AsnListError::Line {
                path: shown.clone(),
                line: index + 1,
                reason,
            };
            let (first, last, number, name) = parse_line(text).map_err(bad)?;
            let value = record(number, &name);
            for net in networks(first, last).map_err(bad)? {
                writer.insert(net, &value);
            }
            ranges += 1;
        }
    }
    let written = out.with_extension("mmdb.tmp");
    let write = |e: std::io::Error| AsnListError::Write {
        path: out.display().to_string(),
        source: e,
    };
    std::fs::write(&written, writer.finish()).map_err(write)?;
    std::fs::rename(&written, out).map_err(write)?;
    Ok(ranges)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_ranges_are_read_as_written() {
        assert_eq!(
            parse_line(r#"1.0.0.0,1.0.0.255,13335,"Cloudflare, Inc.""#),
            Ok((
                "1.0.0.0".parse().unwrap(),
                "1.0.0.255".parse().unwrap(),
                13335,
                "Cloudflare, Inc.".to_owned()
            ))
        );
        assert_eq!(
            parse_line(r#"2001::,2001::ffff,6939,"The ""Hurricane"" LLC""#).map(|l| l.3),
            Ok(r#"The "Hurricane" LLC"#.to_owned())
        );
        assert_eq!(
            parse_line("1.0.0.0,1.0.0.9,AS1,x"),
            Err("the AS number is not a number".to_owned())
        );
        let nets: Vec<String> = networks("10.0.0.1".parse().unwrap(), "10.0.0.6".parse().unwrap())
            .unwrap()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            nets,
            ["10.0.0.1/32", "10.0.0.2/31", "10.0.0.4/31", "10.0.0.6/32"]
        );
        assert!(networks("10.0.0.9".parse().unwrap(), "10.0.0.1".parse().unwrap()).is_err());
    }
}
