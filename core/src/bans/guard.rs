//! The lockout guard: a ban must not cover the caller's own address, one of
//! the server's, or an address on the allowlist, unless it is forced.

use std::net::IpAddr;

use ipnet::IpNet;

use crate::error::{ServiceError, ServiceResult};
use crate::fail2ban_config::ConfigService;

/// Checks bans against the addresses they must not cover.
#[derive(Clone)]
pub struct LockoutGuard {
    configuration: ConfigService,
    /// The server's own addresses, read at start-up.
    own: Vec<IpAddr>,
}

impl LockoutGuard {
    pub fn new(configuration: ConfigService, own: Vec<IpAddr>) -> Self {
        LockoutGuard { configuration, own }
    }

    /// Refuses the first target that covers `caller`, one of the server's
    /// addresses or an allowlist entry, naming which.
    pub async fn check(&self, targets: &[IpNet], caller: Option<IpAddr>) -> ServiceResult<()> {
        let allowlist: Vec<(String, IpNet)> = self
            .configuration
            .allowlist()
            .await?
            .into_iter()
            .filter_map(|e| {
                crate::validate::network(&e.network)
                    .ok()
                    .map(|n| (e.network, n))
            })
            .collect();
        for target in targets {
            let shown = crate::net::target(target);
            if let Some(caller) = caller.filter(|c| target.contains(c)) {
                return Err(refused(format!(
                    "{shown} contains your own address {caller}"
                )));
            }
            if let Some(own) = self.own.iter().find(|a| target.contains(*a)) {
                return Err(refused(format!(
                    "{shown} contains this server's address {own}"
                )));
            }
            if let Some((entry, _)) = allowlist
                .iter()
                .find(|(_, net)| net.contains(target) || target.contains(net))
            {
                return Err(refused(format!(
                    "{shown} overlaps the allowlist entry {entry}"
                )));
            }
        }
        Ok(())
    }
}

fn refused(what: String) -> ServiceError {
    ServiceError::WouldLockOut(format!("{what}; repeat with force: true to ban it anyway"))
}

/// This machine's addresses: every interface's (from the kernel's tables),
/// loopback included.
pub fn server_addresses() -> Vec<IpAddr> {
    let mut found = vec![
        IpAddr::from([127, 0, 0, 1]),
        IpAddr::from(std::net::Ipv6Addr::LOCALHOST),
    ];
    if let Ok(trie) = std::fs::read_to_string("/proc/net/fib_trie") {
        found.extend(local_v4(&trie));
    }
    if let Ok(table) = std::fs::read_to_string("/proc/net/if_inet6") {
        found.extend(local_v6(&table));
    }
    found.sort();
    found.dedup();
    found
}

/// The addresses `/proc/net/fib_trie` marks `/32 host LOCAL`.
fn local_v4(trie: &str) -> Vec<IpAddr> {
    let lines: Vec<&str> = trie.lines().collect();
    lines
        .windows(2)
        .filter(|pair| pair[1].trim() == "/32 host LOCAL")
        .filter_map(|pair| pair[0].trim().trim_start_matches("|-- ").parse().ok())
        .collect()
}

/// The first column of `/proc/net/if_inet6`: 32 hex digits per address.
fn local_v6(table: &str) -> Vec<IpAddr> {
    table
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .filter_map(|hex| u128::from_str_radix(hex, 16).ok())
        .map(|bits| IpAddr::from(std::net::Ipv6Addr::from(bits)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kernels_tables_give_the_local_addresses() {
        let trie = "Main:\n  +-- 0.0.0.0/0 3 0 5\n     |-- 0.0.0.0\n        /0 universe UNICAST\n\
                    Local:\n     |-- 10.0.0.5\n        /32 host LOCAL\n     |-- 10.0.0.255\n        /32 link BROADCAST\n";
        assert_eq!(local_v4(trie), vec![IpAddr::from([10, 0, 0, 5])]);
        let table = "00000000000000000000000000000001 01 80 10 80       lo\n\
                     fe800000000000000000000000000001 02 40 20 80     eth0\n";
        assert_eq!(
            local_v6(table),
            vec![
                "::1".parse::<IpAddr>().unwrap(),
                "fe80::1".parse::<IpAddr>().unwrap()
            ]
        );
    }
}
