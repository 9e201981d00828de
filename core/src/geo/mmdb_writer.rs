//! A small writer of MaxMind DB files (format 2.0, IPv6 tree, 32-bit records), so
//! that tests and benchmarks make their own databases instead of downloading any,
//! and `bangui asn-db` converts ASN lists into one.

use std::collections::HashMap;
use std::net::IpAddr;

use ipnet::IpNet;

/// A value in the data section.
#[derive(Clone, Debug, PartialEq)]
pub enum MmdbValue {
    Str(String),
    U16(u16),
    U32(u32),
    U64(u64),
    Bool(bool),
    Map(Vec<(String, MmdbValue)>),
    Array(Vec<MmdbValue>),
}

impl MmdbValue {
    /// A map from `(key, value)` pairs.
    pub fn map<const N: usize>(pairs: [(&str, MmdbValue); N]) -> MmdbValue {
        MmdbValue::Map(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
    }

    pub fn str(s: &str) -> MmdbValue {
        MmdbValue::Str(s.to_owned())
    }

    /// A GeoIP2-Country record: `country.iso_code` and `country.names.en`.
    pub fn geoip2_country(code: &str, english: &str) -> MmdbValue {
        MmdbValue::map([(
            "country",
            MmdbValue::map([
                ("iso_code", MmdbValue::str(code)),
                ("names", MmdbValue::map([("en", MmdbValue::str(english))])),
            ]),
        )])
    }

    /// An ip-location-db record: a flat `country_code`.
    pub fn flat_country(code: &str) -> MmdbValue {
        MmdbValue::map([("country_code", MmdbValue::str(code))])
    }
}

fn control(out: &mut Vec<u8>, kind: u8, size: usize) {
    let (low, extra): (u8, Vec<u8>) = match size {
        0..=28 => (size as u8, vec![]),
        29..=284 => (29, vec![(size - 29) as u8]),
        285..=65_820 => (30, ((size - 285) as u16).to_be_bytes().to_vec()),
        _ => (31, ((size - 65_821) as u32).to_be_bytes()[1..].to_vec()),
    };
    if kind <= 7 {
        out.push((kind << 5) | low);
    } else {
        out.push(low);
        out.push(kind - 7);
    }
    out.extend_from_slice(&extra);
}

fn uint(out: &mut Vec<u8>, kind: u8, value: u64) {
    let bytes = value.to_be_bytes();
    let skip = bytes.iter().take_while(|b| **b == 0).count();
    control(out, kind, 8 - skip);
    out.extend_from_slice(&bytes[skip..]);
}

fn encode(out: &mut Vec<u8>, value: &MmdbValue) {
    match value {
        MmdbValue::Str(s) => {
            control(out, 2, s.len());
            out.extend_from_slice(s.as_bytes());
        }
        MmdbValue::U16(n) => uint(out, 5, u64::from(*n)),
        MmdbValue::U32(n) => uint(out, 6, u64::from(*n)),
        MmdbValue::U64(n) => uint(out, 9, *n),
        MmdbValue::Bool(b) => control(out, 14, usize::from(*b)),
        MmdbValue::Map(pairs) => {
            control(out, 7, pairs.len());
            for (k, v) in pairs {
                encode(out, &MmdbValue::Str(k.clone()));
                encode(out, v);
            }
        }
        MmdbValue::Array(items) => {
            control(out, 11, items.len());
            for item in items {
                encode(out, item);
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Record {
    Empty,
    Node(usize),
    Data(usize),
}

/// Builds a database in memory.
pub struct MmdbWriter {
    database_type: String,
    description: String,
    nodes: Vec<[Record; 2]>,
    data: Vec<u8>,
    offsets: HashMap<Vec<u8>, usize>,
}

/// The 128 bits of an address in the IPv6 tree (IPv4 at `::a.b.c.d`).
fn bits(net: &IpNet) -> (u128, u8) {
    match net {
        IpNet::V4(v4) => (u128::from(u32::from(v4.network())), 96 + v4.prefix_len()),
        IpNet::V6(v6) => (u128::from(v6.network()), v6.prefix_len()),
    }
}

impl MmdbWriter {
    pub fn new(database_type: &str) -> Self {
        Self {
            database_type: database_type.to_owned(),
            description: "BanGUI test database".to_owned(),
            nodes: vec![[Record::Empty; 2]],
            data: Vec::new(),
            offsets: HashMap::new(),
        }
    }

    /// The same writer with `description` in its metadata.
    pub fn described(mut self, description: &str) -> Self {
        description.clone_into(&mut self.description);
        self
    }

    /// Maps every address of `net` to `value`; later inserts win where they overlap.
    pub fn insert(&mut self, net: IpNet, value: &MmdbValue) {
        let mut encoded = Vec::new();
        encode(&mut encoded, value);
        let offset = match self.offsets.get(&encoded) {
            Some(offset) => *offset,
            None => {
                let offset = self.data.len();
                self.data.extend_from_slice(&encoded);
                self.offsets.insert(encoded, offset);
                offset
            }
        };
        let (addr, len) = bits(&net);
        let mut node = 0usize;
        for depth in 0..len {
            let bit = ((addr >> (127 - depth)) & 1) as usize;
            if depth + 1 == len {
                self.nodes[node][bit] = Record::Data(offset);
                return;
            }
            node = match self.nodes[node][bit] {
                Record::Node(next) => next,
                other => {
                    // Split an empty or wider record into a node whose two halves
                    // keep what the wider record said.
                    self.nodes.push([other; 2]);
                    let next = self.nodes.len() - 1;
                    self.nodes[node][bit] = Record::Node(next);
                    next
                }
            };
        }
    }

    /// Inserts an address or network given as text.
    pub fn insert_str(&mut self, net: &str, value: &MmdbValue) {
        let parsed = net
            .parse::<IpNet>()
            .or_else(|_| net.parse::<IpAddr>().map(IpNet::from))
            .unwrap_or_else(|_| IpNet::from(IpAddr::from([0u8; 16])));
        self.insert(parsed, value);
    }

    /// The finished file.
    pub fn finish(&self) -> Vec<u8> {
        let count = self.nodes.len() as u64;
        let record = |r: Record| -> u32 {
            let value = match r {
                Record::Empty => count,
                Record::Node(n) => n as u64,
                Record::Data(offset) => count + 16 + offset as u64,
            };
            u32::try_from(value).unwrap_or(u32::MAX)
        };
        let mut out = Vec::with_capacity(self.nodes.len() * 8 + self.data.len() + 256);
        for [left, right] in &self.nodes {
            out.extend_from_slice(&record(*left).to_be_bytes());
            out.extend_from_slice(&record(*right).to_be_bytes());
        }
        out.extend_from_slice(&[0u8; 16]);
        out.extend_from_slice(&self.data);
        out.extend_from_slice(b"\xAB\xCD\xEFMaxMind.com");
        let metadata = MmdbValue::map([
            ("binary_format_major_version", MmdbValue::U16(2)),
            ("binary_format_minor_version", MmdbValue::U16(0)),
            ("build_epoch", MmdbValue::U64(1_700_000_000)),
            ("database_type", MmdbValue::str(&self.database_type)),
            (
                "description",
                MmdbValue::map([("en", MmdbValue::str(&self.description))]),
            ),
            ("ip_version", MmdbValue::U16(6)),
            ("languages", MmdbValue::Array(vec![MmdbValue::str("en")])),
            (
                "node_count",
                MmdbValue::U32(u32::try_from(count).unwrap_or(u32::MAX)),
            ),
            ("record_size", MmdbValue::U16(32)),
        ]);
        encode(&mut out, &metadata);
        out
    }
}
