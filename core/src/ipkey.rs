//! Sortable keys for IP addresses: 32 hex digits of the IPv6 form (IPv4 mapped
//! into `::ffff:0:0/96`), so that a network is one contiguous key range.

use std::net::IpAddr;

use ipnet::IpNet;

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
