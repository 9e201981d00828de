//! What of a list may be banned: public addresses and networks no broader
//! than a bound, none touching what is never to be banned.

use ipnet::IpNet;

use super::parse::Entry;

/// Networks never to ban: a source's allowlist and its jail's ignore list.
pub struct Networks(pub Vec<IpNet>);

impl Networks {
    /// Whether any address of `target` is never to be banned.
    pub fn touches(&self, target: &IpNet) -> bool {
        self.0
            .iter()
            .any(|n| n.contains(target) || target.contains(n))
    }
}

/// The broadest networks a list may ban: an IPv4 /8, an IPv6 /16. A list
/// entry broader than that is taken for a mistake and left out.
pub const BROADEST_V4: u8 = 8;
pub const BROADEST_V6: u8 = 16;

/// What of a list may be banned, in list order (addresses as /32 or /128), and
/// how many entries were left out: private and reserved addresses or networks
/// touching them, networks broader than [`BROADEST_V4`] / [`BROADEST_V6`], and
/// anything touching `never`.
pub fn bannable(entries: Vec<Entry>, never: &Networks) -> (Vec<IpNet>, usize) {
    let listed = entries.len();
    let targets: Vec<IpNet> = entries
        .into_iter()
        .filter_map(|entry| match entry {
            Entry::Address(ip) if crate::net::is_public(ip) => Some(IpNet::from(ip)),
            Entry::Network(net)
                if crate::net::is_public_network(net)
                    && net.prefix_len()
                        >= match net {
                            IpNet::V4(_) => BROADEST_V4,
                            IpNet::V6(_) => BROADEST_V6,
                        } =>
            {
                Some(net)
            }
            _ => None,
        })
        .filter(|target| !never.touches(target))
        .collect();
    let skipped = listed - targets.len();
    (targets, skipped)
}
