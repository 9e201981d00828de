//! The fixed set of fail2ban commands BanGUI sends. There is deliberately no way to
//! send an arbitrary command or to change action definitions (that would run code
//! as root).

use std::net::IpAddr;

use ipnet::IpNet;

/// How fail2ban names a ban target: an address as itself (`192.0.2.1`, never
/// `192.0.2.1/32`), a network in CIDR notation (`192.0.2.0/24`).
pub fn target(net: &IpNet) -> String {
    if net.prefix_len() == net.max_prefix_len() {
        net.addr().to_string()
    } else {
        net.to_string()
    }
}

/// A numeric jail setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum JailSetting {
    BanTime,
    FindTime,
    MaxRetry,
}

impl JailSetting {
    fn name(self) -> &'static str {
        match self {
            JailSetting::BanTime => "bantime",
            JailSetting::FindTime => "findtime",
            JailSetting::MaxRetry => "maxretry",
        }
    }
}

/// One fail2ban command. Its serialized form is what a hub sends an agent.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Command {
    Ping,
    Version,
    Status,
    JailStatus(String),
    /// `get <jail> banip --with-time`
    BannedWithTime(String),
    /// `banned <ip>`: the jails where the address is banned.
    Banned(IpAddr),
    /// `set <jail> banip <ip> ...`: many addresses or networks in one command.
    Ban(String, Vec<IpNet>),
    /// `set <jail> unbanip <ip> ...`
    Unban(String, Vec<IpNet>),
    /// `unban --all`
    UnbanAll,
    Get(String, JailSetting),
    Set(String, JailSetting, i64),
    IgnoreIps(String),
    AddIgnoreIp(String, String),
    DelIgnoreIp(String, String),
    LogPaths(String),
    Actions(String),
    FailRegex(String),
    /// `reload [<jail>]`
    Reload(Option<String>),
    Start(String),
    Stop(String),
    DbFile,
    DbPurgeAge,
}

impl Command {
    /// The command's words as fail2ban-client would send them.
    pub fn words(&self) -> Vec<String> {
        let w = |items: &[&str]| items.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let with_ips = |head: &[&str], targets: &[IpNet]| {
            let mut words = w(head);
            words.extend(targets.iter().map(target));
            words
        };
        match self {
            Command::Ping => w(&["ping"]),
            Command::Version => w(&["version"]),
            Command::Status => w(&["status"]),
            Command::JailStatus(jail) => w(&["status", jail]),
            Command::BannedWithTime(jail) => w(&["get", jail, "banip", "--with-time"]),
            Command::Banned(ip) => vec!["banned".to_owned(), ip.to_string()],
            Command::Ban(jail, ips) => with_ips(&["set", jail, "banip"], ips),
            Command::Unban(jail, ips) => with_ips(&["set", jail, "unbanip"], ips),
            Command::UnbanAll => w(&["unban", "--all"]),
            Command::Get(jail, setting) => w(&["get", jail, setting.name()]),
            Command::Set(jail, setting, value) => {
                vec![
                    "set".into(),
                    jail.clone(),
                    setting.name().into(),
                    value.to_string(),
                ]
            }
            Command::IgnoreIps(jail) => w(&["get", jail, "ignoreip"]),
            Command::AddIgnoreIp(jail, ip) => w(&["set", jail, "addignoreip", ip]),
            Command::DelIgnoreIp(jail, ip) => w(&["set", jail, "delignoreip", ip]),
            Command::LogPaths(jail) => w(&["get", jail, "logpath"]),
            Command::Actions(jail) => w(&["get", jail, "actions"]),
            Command::FailRegex(jail) => w(&["get", jail, "failregex"]),
            Command::Reload(None) => w(&["reload"]),
            Command::Reload(Some(jail)) => w(&["reload", jail]),
            Command::Start(jail) => w(&["start", jail]),
            Command::Stop(jail) => w(&["stop", jail]),
            Command::DbFile => w(&["get", "dbfile"]),
            Command::DbPurgeAge => w(&["get", "dbpurgeage"]),
        }
    }

    /// Whether the command only reads state (so answers may be shared and cached).
    pub fn is_read(&self) -> bool {
        matches!(
            self,
            Command::Ping
                | Command::Version
                | Command::Status
                | Command::JailStatus(_)
                | Command::BannedWithTime(_)
                | Command::Banned(_)
                | Command::Get(..)
                | Command::IgnoreIps(_)
                | Command::LogPaths(_)
                | Command::Actions(_)
                | Command::FailRegex(_)
                | Command::DbFile
                | Command::DbPurgeAge
        )
    }
}
