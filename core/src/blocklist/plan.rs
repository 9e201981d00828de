//! What an import will do, decided from what the list holds, what the jail
//! holds and what the source listed last time. Pure: the dry run shows a plan,
//! the real run carries the same plan out.

use std::collections::HashSet;

use bangui_fail2ban::target;
use ipnet::IpNet;
use serde::{Deserialize, Serialize};

/// Addresses of each kind a dry run lists.
const PREVIEW: usize = 100;

/// What a dry run found, stored on the run.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Preview {
    pub ban: Vec<String>,
    pub unban: Vec<String>,
}

/// The bans, unbans and provenance changes of one import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// Listed and not banned in the jail: to ban, in list order.
    pub fresh: Vec<IpNet>,
    /// Listed and banned in the jail already.
    pub already_banned: usize,
    /// Listed now and not at the last import: provenance to record.
    pub arrived: Vec<IpNet>,
    /// Listed at the last import and not now, as stored: provenance to forget.
    pub left: Vec<String>,
    /// Of those, the ones to unban: banned in the jail, when the source unbans
    /// what leaves its list.
    pub unban: Vec<IpNet>,
}

impl Plan {
    /// Plans the import of `listed` (the bannable part of the list, in list
    /// order) into a jail that holds `banned`, for a source that listed
    /// `before` last time.
    pub fn new(
        listed: &[IpNet],
        banned: &HashSet<IpNet>,
        before: &HashSet<String>,
        unban_removed: bool,
    ) -> Plan {
        let (already, fresh): (Vec<IpNet>, Vec<IpNet>) =
            listed.iter().partition(|t| banned.contains(t));
        let now: HashSet<String> = listed.iter().map(target).collect();
        let mut left: Vec<String> = before
            .iter()
            .filter(|t| !now.contains(*t))
            .cloned()
            .collect();
        left.sort_unstable();
        let unban = if unban_removed {
            left.iter()
                .filter_map(|text| crate::validate::network(text).ok())
                .filter(|t| banned.contains(t))
                .collect()
        } else {
            Vec::new()
        };
        let arrived = listed
            .iter()
            .filter(|t| !before.contains(&target(t)))
            .copied()
            .collect();
        Plan {
            fresh,
            already_banned: already.len(),
            arrived,
            left,
            unban,
        }
    }

    /// The first addresses to ban and to unban, as a dry run shows them.
    pub fn preview(&self) -> Preview {
        Preview {
            ban: self.fresh.iter().take(PREVIEW).map(target).collect(),
            unban: self.unban.iter().take(PREVIEW).map(target).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nets(list: &[&str]) -> Vec<IpNet> {
        list.iter()
            .map(|t| crate::validate::network(t).unwrap())
            .collect()
    }

    fn texts(list: &[&str]) -> HashSet<String> {
        list.iter().map(|t| (*t).to_owned()).collect()
    }

    #[test]
    fn a_plan_bans_the_new_records_arrivals_and_unbans_what_left() {
        let listed = nets(&["203.0.113.9", "198.51.100.0/24", "203.0.113.1"]);
        let banned: HashSet<IpNet> = nets(&["203.0.113.1", "192.0.2.7", "192.0.2.8"])
            .into_iter()
            .collect();
        let before = texts(&["203.0.113.1", "192.0.2.7", "192.0.2.9"]);

        let plan = Plan::new(&listed, &banned, &before, true);

        assert_eq!(plan.fresh, nets(&["203.0.113.9", "198.51.100.0/24"]));
        assert_eq!(plan.already_banned, 1);
        assert_eq!(plan.arrived, nets(&["203.0.113.9", "198.51.100.0/24"]));
        assert_eq!(
            plan.left,
            vec!["192.0.2.7".to_owned(), "192.0.2.9".to_owned()]
        );
        assert_eq!(plan.unban, nets(&["192.0.2.7"]));
        assert_eq!(
            plan.preview(),
            Preview {
                ban: vec!["203.0.113.9".to_owned(), "198.51.100.0/24".to_owned()],
                unban: vec!["192.0.2.7".to_owned()],
            }
        );
    }

    #[test]
    fn a_source_that_keeps_what_left_unbans_nothing() {
        let banned: HashSet<IpNet> = nets(&["192.0.2.7"]).into_iter().collect();
        let plan = Plan::new(&[], &banned, &texts(&["192.0.2.7"]), false);
        assert_eq!(plan.left, vec!["192.0.2.7".to_owned()]);
        assert!(plan.unban.is_empty());
        assert!(plan.fresh.is_empty() && plan.arrived.is_empty());
    }

    #[test]
    fn a_preview_holds_at_most_a_hundred_of_each() {
        let listed: Vec<IpNet> = (0..150u32)
            .map(|i| {
                IpNet::from(std::net::IpAddr::from(std::net::Ipv4Addr::from(
                    0xCB00_7100 + i,
                )))
            })
            .collect();
        let plan = Plan::new(&listed, &HashSet::new(), &HashSet::new(), true);
        assert_eq!(plan.fresh.len(), 150);
        assert_eq!(plan.preview().ban.len(), 100);
        assert_eq!(plan.preview().ban[0], "203.0.113.0");
    }
}
