//! A digest: the period's totals, its top countries, jails, addresses and
//! networks, its imports and fail2ban outages, and a link to the dashboard.

use std::collections::HashMap;
use std::net::IpAddr;

use entity::kinds::{EventKind, ImportStatus};
use entity::{ban_history, import_run};
use ipnet::IpNet;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};
use serde_json::json;

use super::kinds::{DigestPeriod, Rule, Trigger};
use super::message::{Message, thousands};
use super::service::NotifyService;
use crate::error::ServiceResult;

/// How many of each top list a digest shows.
const TOP: usize = 5;

/// A period's length in seconds.
pub fn length(period: DigestPeriod) -> i64 {
    match period {
        DigestPeriod::Hourly => 3_600,
        DigestPeriod::Daily => 86_400,
        DigestPeriod::Weekly => 7 * 86_400,
    }
}

impl NotifyService {
    /// The digest of `rule` for the bans of `[start, end)`.
    pub(super) async fn summary(
        &self,
        rule: &Rule,
        period: DigestPeriod,
        start: i64,
        end: i64,
        outages: usize,
    ) -> ServiceResult<Message> {
        let bans = self
            .matching(rule, EventKind::Ban)
            .await?
            .filter(ban_history::Column::At.gte(start))
            .filter(ban_history::Column::At.lt(end));
        let rows: Vec<(String, String, Option<String>)> = bans
            .select_only()
            .column(ban_history::Column::Ip)
            .column(ban_history::Column::Jail)
            .column(ban_history::Column::CountryCode)
            .into_tuple()
            .all(&self.db)
            .await?;
        let total = rows.len() as u64;
        let countries = top(rows
            .iter()
            .map(|r| r.2.clone().unwrap_or_else(|| "unknown".into())));
        let jails = top(rows.iter().map(|r| r.1.clone()));
        let addresses = top(rows.iter().map(|r| r.0.clone()));
        let networks = top(rows.iter().filter_map(|r| network(&r.0)));
        let runs = import_run::Entity::find()
            .filter(import_run::Column::CreatedAt.gte(start))
            .filter(import_run::Column::CreatedAt.lt(end));
        let imports = runs.clone().count(&self.db).await?;
        let failed = runs
            .filter(import_run::Column::Status.eq(ImportStatus::Failed))
            .count(&self.db)
            .await?;
        let name = match period {
            DigestPeriod::Hourly => "hourly",
            DigestPeriod::Daily => "daily",
            DigestPeriod::Weekly => "weekly",
        };
        let day = |at: i64| {
            crate::time::to_datetime(at)
                .format("%Y-%m-%d %H:%M UTC")
                .to_string()
        };
        let mut lines = vec![
            format!(
                "{} bans from {} to {}.",
                thousands(total),
                day(start),
                day(end)
            ),
            format!("Top countries: {}", list(&countries)),
            format!("Top jails: {}", list(&jails)),
            format!("Top addresses: {}", list(&addresses)),
            format!("Top networks: {}", list(&networks)),
            format!(
                "Blocklist imports: {} ({} failed)",
                thousands(imports),
                thousands(failed)
            ),
            format!("fail2ban outages: {}", thousands(outages as u64)),
        ];
        let link = self.settings.public_url.as_deref().map(|base| {
            let range = if period == DigestPeriod::Weekly {
                "7d"
            } else {
                "24h"
            };
            format!("{}/?range={range}", base.trim_end_matches('/'))
        });
        if let Some(link) = &link {
            lines.push(format!("Dashboard: {link}"));
        }
        let mut message = Message::new(
            Trigger::Digest,
            end,
            format!("BanGUI {name} digest: {} bans", thousands(total)),
            lines.join("\n"),
        );
        message.count = total;
        let pairs = |items: &[(String, u64)]| {
            items
                .iter()
                .map(|(name, n)| json!({ "name": name, "bans": n }))
                .collect::<Vec<_>>()
        };
        let fields = &mut message.fields;
        fields.insert("period".into(), period.as_str().into());
        fields.insert("from".into(), day_rfc(start).into());
        fields.insert("to".into(), day_rfc(end).into());
        fields.insert("bans".into(), total.into());
        fields.insert("countries".into(), pairs(&countries).into());
        fields.insert("jails".into(), pairs(&jails).into());
        fields.insert("addresses".into(), pairs(&addresses).into());
        fields.insert("networks".into(), pairs(&networks).into());
        fields.insert(
            "imports".into(),
            json!({ "runs": imports, "failed": failed }),
        );
        fields.insert("outages".into(), outages.into());
        fields.insert("link".into(), link.into());
        Ok(message)
    }
}

fn day_rfc(at: i64) -> String {
    crate::time::to_datetime(at).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The most frequent values, most first, ties by name.
fn top(values: impl Iterator<Item = String>) -> Vec<(String, u64)> {
    let mut counts: HashMap<String, u64> = HashMap::new();
    for value in values {
        *counts.entry(value).or_default() += 1;
    }
    let mut sorted: Vec<(String, u64)> = counts.into_iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    sorted.truncate(TOP);
    sorted
}

/// An address's /24 (IPv4) or /64 (IPv6).
fn network(ip: &str) -> Option<String> {
    let ip: IpAddr = ip.parse().ok()?;
    let prefix = if ip.is_ipv4() { 24 } else { 64 };
    IpNet::new(ip, prefix).ok().map(|n| n.trunc().to_string())
}

fn list(items: &[(String, u64)]) -> String {
    if items.is_empty() {
        return "none".into();
    }
    items
        .iter()
        .map(|(name, n)| format!("{name} ({})", thousands(*n)))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tops_count_and_networks_truncate() {
        let values = ["b", "a", "b", "c", "a", "b"].map(String::from);
        assert_eq!(
            top(values.into_iter()),
            vec![("b".into(), 3), ("a".into(), 2), ("c".into(), 1)]
        );
        assert_eq!(network("203.0.113.77").as_deref(), Some("203.0.113.0/24"));
        assert_eq!(
            network("2001:db8:1:2:3::4").as_deref(),
            Some("2001:db8:1:2::/64")
        );
        assert_eq!(list(&[]), "none");
    }
}
