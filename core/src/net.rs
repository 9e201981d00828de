//! Addresses and networks: which are public (what BanGUI fetches from, bans,
//! and looks up), and sortable keys (32 hex digits of the IPv6 form, IPv4 mapped
//! into `::ffff:0:0/96`) so that a network is one contiguous key range.

use std::net::IpAddr;
use std::sync::LazyLock;

use ipnet::IpNet;

/// A target as fail2ban and BanGUI write it: an address without a prefix,
/// or a network in CIDR notation.
pub fn target(net: &IpNet) -> String {
    bangui_fail2ban::target(net)
}

/// Whether an address is on the public internet.
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

/// The key of an address.
pub fn key(ip: IpAddr) -> String {
    let v6 = match ip {
        IpAddr::V4(v4) => v4.to_ipv6_mapped(),
        IpAddr::V6(v6) => v6,
    };
    format!("{:032x}", u128::from(v6))
}

/// The key of an address given as text; unparsable text keeps its own order
/// after every address.
pub fn key_of(text: &str) -> String {
    text.parse().map_or_else(|_| format!("~{text}"), key)
}

/// The first and last key of a network, both inclusive.
pub fn range(net: IpNet) -> (String, String) {
    (key(net.network()), key(net.broadcast()))
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn keys_sort_like_addresses_and_networks_are_ranges() {
        assert_eq!(
            key("1.2.3.4".parse().unwrap()),
            "00000000000000000000ffff01020304"
        );
        assert_eq!(
            key("2001:db8::1".parse().unwrap()),
            "20010db8000000000000000000000001"
        );
        let (lo, hi) = range("192.0.2.0/24".parse().unwrap());
        assert_eq!(lo, "00000000000000000000ffffc0000200");
        assert_eq!(hi, "00000000000000000000ffffc00002ff");
        let inside = key("192.0.2.77".parse().unwrap());
        assert!(lo <= inside && inside <= hi);
        let outside = key("192.0.3.1".parse().unwrap());
        assert!(outside > hi);
    }
}
