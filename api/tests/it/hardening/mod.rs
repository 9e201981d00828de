//! The attacks BanGUI must survive, each with its bound: query bombs, password
//! hashing floods, hoarded connections, unbounded input, reads past a role,
//! uncoded errors, rebinding, unbannable addresses, tunnelled URLs, a full disk.

mod floods;
mod input;
mod network;

use serde_json::Value;

/// Resident memory of this process (the server runs in it), in MiB.
pub(super) fn rss_mib() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * 4096 / (1024 * 1024))
}

/// Fragments that each spread the next ten times, eight levels deep.
pub(super) fn bomb() -> String {
    let mut doc = String::from("{...F0}");
    for level in 0..8 {
        let spreads = vec![format!("...F{}", level + 1); 10].join(" ");
        doc.push_str(&format!(" fragment F{level} on Query{{{spreads}}}"));
    }
    doc.push_str(" fragment F8 on Query{__typename}");
    doc
}

pub(super) fn message(body: &Value) -> &str {
    body["errors"][0]["message"]
        .as_str()
        .unwrap_or("<no error>")
}
