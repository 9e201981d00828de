//! Country lookups in a local MaxMind-format database (GeoIP2/GeoLite2-Country or
//! the ip-location-db schema), reloaded when the file on disk changes.
//!
//! The file is memory-mapped. A mapping of a file rewritten in place would be
//! undefined behaviour, so the database must be replaced by writing a new file
//! and renaming it over the old one, as geoipupdate and `make geoip` do; the
//! reload then maps the new file while readers of the old mapping finish.

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock};
use std::time::SystemTime;

use arc_swap::ArcSwapOption;
use ipnet::IpNet;
use maxminddb::{Mmap, Reader};
use serde::Deserialize;
use tracing::{info, warn};

/// What a lookup found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup {
    /// An ISO 3166-1 alpha-2 code.
    Country(String),
    /// The database has no country for the address.
    Unknown,
    /// The address is private, loopback, link-local or reserved: never looked up.
    NotPublic,
    /// No database is loaded.
    NoDatabase,
}

#[derive(Deserialize)]
struct CountryRecord<'a> {
    #[serde(borrow, default)]
    iso_code: Option<&'a str>,
}

/// The fields read from a record of either schema.
#[derive(Deserialize)]
struct Record<'a> {
    #[serde(borrow, default)]
    country: Option<CountryRecord<'a>>,
    #[serde(borrow, default)]
    registered_country: Option<CountryRecord<'a>>,
    #[serde(borrow, default)]
    country_code: Option<&'a str>,
}

struct Loaded {
    reader: Reader<Mmap>,
    stamp: (Option<SystemTime>, u64),
}

/// Reads countries from an MMDB file.
pub struct MmdbResolver {
    path: PathBuf,
    loaded: ArcSwapOption<Loaded>,
    /// Bumped on every (re)load, so that stored results can be re-resolved.
    generation: AtomicU64,
}

fn stamp(path: &Path) -> Option<(Option<SystemTime>, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok(), meta.len()))
}

/// Whether an address is outside the public internet.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, c, _] = v4.octets();
            !(v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || a == 0
                || a >= 240
                || (a == 100 && (64..128).contains(&b))
                || (a == 192 && b == 0 && c == 0)
                || (a == 198 && (18..20).contains(&b)))
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let segments = v6.segments();
            let first = segments[0];
            if first == 0x2002 {
                // 6to4: an IPv4 address in the next 32 bits, reached through it.
                let [a, b] = segments[1].to_be_bytes();
                let [c, d] = segments[2].to_be_bytes();
                return is_public(IpAddr::V4(std::net::Ipv4Addr::new(a, b, c, d)));
            }
            // 2001::/23, the IETF's protocol assignments: Teredo's tunnels
            // (with an IPv4 address inside) and other special uses.
            if first == 0x2001 && segments[1] < 0x0200 {
                return false;
            }
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || (first == 0x2001 && v6.segments()[1] == 0x0db8)
                || first & 0xe000 != 0x2000)
        }
    }
}

/// IPv4 ranges outside the public internet: what [`is_public`] refuses.
const NOT_PUBLIC_V4: [&str; 14] = [
    "0.0.0.0/8",
    "10.0.0.0/8",
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "172.16.0.0/12",
    "192.0.0.0/24",
    "192.0.2.0/24",
    "192.168.0.0/16",
    "198.18.0.0/15",
    "198.51.100.0/24",
    "203.0.113.0/24",
    "224.0.0.0/4",
    "240.0.0.0/4",
];

/// Public IPv6 is global unicast (`2000::/3`) outside the documentation range,
/// the IETF's protocol assignments (Teredo among them) and 6to4 (whose
/// addresses [`is_public`] judges by the IPv4 address inside).
const GLOBAL_UNICAST_V6: &str = "2000::/3";
const NOT_PUBLIC_V6: [&str; 3] = ["2001:db8::/32", "2001::/23", "2002::/16"];

fn nets<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<IpNet> {
    texts.into_iter().filter_map(|t| t.parse().ok()).collect()
}

/// The ranges above, parsed once.
static NOT_PUBLIC_V4_NETS: LazyLock<Vec<IpNet>> = LazyLock::new(|| nets(NOT_PUBLIC_V4));
static GLOBAL_UNICAST_V6_NET: LazyLock<Vec<IpNet>> = LazyLock::new(|| nets([GLOBAL_UNICAST_V6]));
static NOT_PUBLIC_V6_NETS: LazyLock<Vec<IpNet>> = LazyLock::new(|| nets(NOT_PUBLIC_V6));

/// Whether every address of a network is public (as [`is_public`] says).
pub fn is_public_network(net: IpNet) -> bool {
    let overlaps = |a: &IpNet, b: &IpNet| a.contains(b) || b.contains(a);
    match net {
        IpNet::V4(_) => !NOT_PUBLIC_V4_NETS.iter().any(|r| overlaps(r, &net)),
        IpNet::V6(_) => {
            GLOBAL_UNICAST_V6_NET.iter().all(|g| g.contains(&net))
                && !NOT_PUBLIC_V6_NETS.iter().any(|r| overlaps(r, &net))
        }
    }
}

/// Maps the database file.
#[expect(
    unsafe_code,
    reason = "memory-mapping is unsafe if the file is rewritten in place; BanGUI and geoipupdate replace it by rename"
)]
fn map(path: &Path) -> Result<Reader<Mmap>, maxminddb::MaxMindDbError> {
    // SAFETY: the file is only ever replaced by rename (documented in
    // Docs/Architecture.md), so this mapping's pages never change underneath.
    unsafe { Reader::open_mmap(path) }
}

impl MmdbResolver {
    /// A resolver for `path`; a missing or unreadable file is logged and lookups
    /// answer [`Lookup::NoDatabase`] until it appears.
    pub fn open(path: impl Into<PathBuf>) -> Self {
        let resolver = Self {
            path: path.into(),
            loaded: ArcSwapOption::empty(),
            generation: AtomicU64::new(0),
        };
        resolver.reload_if_changed();
        resolver
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Increases whenever a database is (re)loaded.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Relaxed)
    }

    /// Whether a database is loaded.
    pub fn is_loaded(&self) -> bool {
        self.loaded.load().is_some()
    }

    /// Loads the file again when its modification time or size changed.
    /// Returns true when a new database was loaded.
    pub fn reload_if_changed(&self) -> bool {
        let Some(current) = stamp(&self.path) else {
            if self.loaded.load().is_none() && self.generation() == 0 {
                warn!(path = %self.path.display(), "no geolocation database; countries stay unknown");
            }
            return false;
        };
        if self
            .loaded
            .load()
            .as_ref()
            .is_some_and(|l| l.stamp == current)
        {
            return false;
        }
        match map(&self.path) {
            Ok(reader) => {
                info!(
                    path = %self.path.display(),
                    database_type = %reader.metadata.database_type,
                    "geolocation database loaded"
                );
                self.loaded.store(Some(Arc::new(Loaded {
                    reader,
                    stamp: current,
                })));
                self.generation.fetch_add(1, Ordering::Relaxed);
                true
            }
            Err(e) => {
                warn!(path = %self.path.display(), error = %e, "geolocation database unreadable; keeping the previous one");
                false
            }
        }
    }

    /// The country of `ip`.
    pub fn lookup(&self, ip: IpAddr) -> Lookup {
        if !is_public(ip) {
            return Lookup::NotPublic;
        }
        let guard = self.loaded.load();
        let Some(loaded) = guard.as_ref() else {
            return Lookup::NoDatabase;
        };
        let Ok(result) = loaded.reader.lookup(ip) else {
            return Lookup::Unknown;
        };
        let Ok(Some(record)) = result.decode::<Record<'_>>() else {
            return Lookup::Unknown;
        };
        let code = record
            .country
            .and_then(|c| c.iso_code)
            .or(record.country_code)
            .or_else(|| record.registered_country.and_then(|c| c.iso_code));
        match code {
            Some(code) if code.len() == 2 => Lookup::Country(code.to_ascii_uppercase()),
            _ => Lookup::Unknown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::mmdb_writer::{MmdbValue, MmdbWriter};

    fn write(path: &Path, entries: &[(&str, MmdbValue)]) {
        let mut w = MmdbWriter::new("Test-Country");
        for (net, value) in entries {
            w.insert_str(net, value);
        }
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, w.finish()).unwrap();
        std::fs::rename(&tmp, path).unwrap();
    }

    #[test]
    fn reads_geoip2_and_ip_location_db_schemas() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.mmdb");
        write(
            &path,
            &[
                (
                    "81.2.69.0/24",
                    MmdbValue::geoip2_country("GB", "United Kingdom"),
                ),
                ("2a02:cf40::/32", MmdbValue::geoip2_country("DE", "Germany")),
                ("1.0.0.0/24", MmdbValue::flat_country("AU")),
                (
                    "5.5.5.0/24",
                    MmdbValue::map([(
                        "registered_country",
                        MmdbValue::map([("iso_code", MmdbValue::str("fr"))]),
                    )]),
                ),
            ],
        );
        let r = MmdbResolver::open(&path);
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        assert_eq!(r.lookup(ip("81.2.69.160")), Lookup::Country("GB".into()));
        assert_eq!(r.lookup(ip("2a02:cf40::1")), Lookup::Country("DE".into()));
        assert_eq!(r.lookup(ip("1.0.0.7")), Lookup::Country("AU".into()));
        assert_eq!(r.lookup(ip("5.5.5.5")), Lookup::Country("FR".into()));
        assert_eq!(r.lookup(ip("8.8.8.8")), Lookup::Unknown);
        assert_eq!(r.lookup(ip("10.1.2.3")), Lookup::NotPublic);
        assert_eq!(r.lookup(ip("::1")), Lookup::NotPublic);
        assert_eq!(r.lookup(ip("fe80::1")), Lookup::NotPublic);
        assert_eq!(r.lookup(ip("::ffff:192.168.1.1")), Lookup::NotPublic);
    }

    #[test]
    fn reloads_when_the_file_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.mmdb");
        let r = MmdbResolver::open(&path);
        let ip: IpAddr = "81.2.69.1".parse().unwrap();
        assert_eq!(r.lookup(ip), Lookup::NoDatabase);
        write(&path, &[("81.2.69.0/24", MmdbValue::flat_country("GB"))]);
        assert!(r.reload_if_changed());
        assert_eq!(r.lookup(ip), Lookup::Country("GB".into()));
        assert!(!r.reload_if_changed());
        write(
            &path,
            &[
                ("81.2.69.0/24", MmdbValue::flat_country("IE")),
                ("9.9.9.0/24", MmdbValue::flat_country("US")),
            ],
        );
        assert!(r.reload_if_changed());
        assert_eq!(r.lookup(ip), Lookup::Country("IE".into()));
        assert_eq!(r.generation(), 2);
        let broken = path.with_extension("broken");
        std::fs::write(&broken, b"not a database").unwrap();
        std::fs::rename(&broken, &path).unwrap();
        assert!(!r.reload_if_changed());
        assert_eq!(r.lookup(ip), Lookup::Country("IE".into()));
    }

    #[test]
    fn networks_are_public_only_when_every_address_is() {
        // Every listed range parses, and agrees with the address check at both ends.
        assert_eq!(nets(NOT_PUBLIC_V4).len(), NOT_PUBLIC_V4.len());
        for range in nets(NOT_PUBLIC_V4) {
            assert!(!is_public(range.network()), "{range}");
            assert!(!is_public(range.broadcast()), "{range}");
            assert!(!is_public_network(range), "{range}");
        }
        assert_eq!(nets(NOT_PUBLIC_V6).len(), NOT_PUBLIC_V6.len());
        for range in nets(NOT_PUBLIC_V6) {
            assert!(!is_public(range.network()), "{range}");
            assert!(!is_public(range.broadcast()), "{range}");
            assert!(!is_public_network(range), "{range}");
        }
        for s in [
            "45.0.0.0/8",
            "91.200.0.0/16",
            "8.8.8.0/24",
            "2a01:4f8::/32",
            "2606:4700::/48",
        ] {
            assert!(is_public_network(s.parse().unwrap()), "{s}");
        }
        for s in [
            "8.0.0.0/6",
            "10.0.0.0/7",
            "192.0.0.0/16",
            "198.18.5.0/24",
            "0.0.0.0/0",
            "2001:db8:1::/48",
            "2001::/16",
            "fc00::/8",
            "::/0",
            "::ffff:0:0/96",
        ] {
            assert!(!is_public_network(s.parse().unwrap()), "{s}");
        }
    }

    #[test]
    fn public_and_non_public_addresses() {
        for s in ["8.8.8.8", "1.1.1.1", "2606:4700::1111"] {
            assert!(is_public(s.parse().unwrap()), "{s}");
        }
        for s in [
            "127.0.0.1",
            "192.168.0.1",
            "100.64.0.1",
            "169.254.1.1",
            "224.0.0.1",
            "255.255.255.255",
            "203.0.113.9",
            "fc00::1",
            "2001:db8::1",
            "ff02::1",
            // 6to4 of 127.0.0.1 and of 10.1.2.3; Teredo; NAT64 of 127.0.0.1.
            "2002:7f00:1::1",
            "2002:a01:203::",
            "2001:0:4136:e378:8000:63bf:3fff:fdd2",
            "64:ff9b::7f00:1",
        ] {
            assert!(!is_public(s.parse().unwrap()), "{s}");
        }
        // 6to4 of a public address is as public as the address.
        assert!(is_public("2002:808:808::1".parse().unwrap()));
    }
}
