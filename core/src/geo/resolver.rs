//! Lookups in a local MaxMind-format database, reloaded when the file on disk
//! changes: countries (GeoIP2/GeoLite2-Country or the ip-location-db schema)
//! or autonomous systems (GeoLite2-ASN's schema, which `bangui asn-db` writes).
//!
//! The file is memory-mapped. A mapping of a file rewritten in place would be
//! undefined behaviour, so the database must be replaced by writing a new file
//! and renaming it over the old one, as geoipupdate and `make geoip` do; the
//! reload then maps the new file while readers of the old mapping finish.

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use arc_swap::ArcSwapOption;
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

/// The fields of an autonomous system's record.
#[derive(Deserialize)]
struct AsnRecord<'a> {
    #[serde(default)]
    autonomous_system_number: Option<u32>,
    #[serde(borrow, default)]
    autonomous_system_organization: Option<&'a str>,
}

/// What a database holds, for what it logs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Holds {
    Countries,
    AutonomousSystems,
}

struct Loaded {
    reader: Reader<Mmap>,
    stamp: (Option<SystemTime>, u64),
}

/// Reads countries from an MMDB file.
pub struct MmdbResolver {
    path: PathBuf,
    holds: Holds,
    loaded: ArcSwapOption<Loaded>,
    /// Bumped on every (re)load, so that stored results can be re-resolved.
    generation: AtomicU64,
}

fn stamp(path: &Path) -> Option<(Option<SystemTime>, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok(), meta.len()))
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
        Self::opened(path.into(), Holds::Countries)
    }

    /// A resolver of autonomous systems for `path`, as [`MmdbResolver::open`].
    pub fn open_asn(path: impl Into<PathBuf>) -> Self {
        Self::opened(path.into(), Holds::AutonomousSystems)
    }

    fn opened(path: PathBuf, holds: Holds) -> Self {
        let resolver = Self {
            path,
            holds,
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
                match self.holds {
                    Holds::Countries => {
                        warn!(path = %self.path.display(), "no geolocation database; countries stay unknown")
                    }
                    Holds::AutonomousSystems => {
                        warn!(path = %self.path.display(), "no ASN database; autonomous systems stay unknown")
                    }
                }
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
                    holds = ?self.holds,
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

    /// The autonomous system of `ip`; none for an address that is not
    /// public, unknown to the database, or with no database loaded.
    pub fn asn(&self, ip: IpAddr) -> Option<crate::geo::asn::Asn> {
        if !crate::net::is_public(ip) {
            return None;
        }
        let guard = self.loaded.load();
        let record = guard
            .as_ref()?
            .reader
            .lookup(ip)
            .ok()?
            .decode::<AsnRecord<'_>>()
            .ok()??;
        Some(crate::geo::asn::Asn {
            number: record.autonomous_system_number?,
            name: record
                .autonomous_system_organization
                .filter(|n| !n.is_empty())
                .map(str::to_owned),
        })
    }

    /// The country of `ip`.
    pub fn lookup(&self, ip: IpAddr) -> Lookup {
        if !crate::net::is_public(ip) {
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
}
