//! The text of the files BanGUI owns, rendered from what it stores: the same
//! input always gives the same bytes, so an unchanged configuration gives an
//! empty diff.

use std::fmt::Write;

pub use bangui_fail2ban::conf::{MAIN_FILE, is_owned, jail_file};

const HEADER: &str = "\
# Managed by BanGUI. BanGUI rewrites this file whenever its fail2ban
# configuration is changed (in the web dashboard or through its API), so an
# edit made here by hand is lost at the next change. To take a setting over,
# remove it in BanGUI, then set it in a file of your own.
";

/// An address or network to ignore, with what BanGUI knows about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub network: String,
    pub comment: Option<String>,
    pub expires_at: Option<i64>,
    pub added_by: Option<String>,
}

/// What BanGUI sets on a jail it did not create.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JailOverride {
    pub jail: String,
    pub enabled: Option<bool>,
    pub ban_time: Option<i64>,
    pub find_time: Option<i64>,
    pub max_retry: Option<i64>,
    pub ignore: Vec<Entry>,
    /// Whether a file of the operator sets `ignoreip` in this jail's own
    /// section: then the allowlist is added to it here, since the jail does
    /// not take `[DEFAULT]`'s.
    pub own_ignoreip: bool,
}

/// `jail.d/bangui.local`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MainFile {
    /// `[DEFAULT] ignoreip` as the operator's files set it, kept in front of
    /// the allowlist.
    pub default_ignoreip: Option<String>,
    pub allowlist: Vec<Entry>,
    pub jails: Vec<JailOverride>,
}

/// A jail BanGUI created.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManagedJail {
    pub name: String,
    pub filter: String,
    pub log_paths: Vec<String>,
    pub port: Option<String>,
    pub enabled: bool,
    pub ban_time: Option<i64>,
    pub find_time: Option<i64>,
    pub max_retry: Option<i64>,
    pub ignore: Vec<Entry>,
}

/// The text of `jail.d/bangui.local`.
pub fn main_file(main: &MainFile) -> String {
    let mut out = String::from(HEADER);
    if !main.allowlist.is_empty() {
        out.push_str("\n# The allowlist: addresses no jail bans.\n[DEFAULT]\n");
        let kept = main
            .default_ignoreip
            .as_deref()
            .map(one_line)
            .filter(|kept| !kept.is_empty());
        if let Some(kept) = &kept {
            let _ = writeln!(out, "# {kept}: from fail2ban's own files");
        }
        describe(&mut out, &main.allowlist);
        let networks = kept
            .into_iter()
            .chain(main.allowlist.iter().map(|e| e.network.clone()));
        let _ = writeln!(out, "ignoreip = {}", networks.collect::<Vec<_>>().join(" "));
    }
    let mut jails: Vec<&JailOverride> = main.jails.iter().filter(|j| !is_empty(j, main)).collect();
    jails.sort_by(|a, b| a.jail.cmp(&b.jail));
    for jail in jails {
        let _ = write!(out, "\n[{}]\n", jail.jail);
        if let Some(enabled) = jail.enabled {
            let _ = writeln!(out, "enabled = {enabled}");
        }
        times(&mut out, jail.ban_time, jail.find_time, jail.max_retry);
        let mut entries = Vec::new();
        if jail.own_ignoreip {
            entries.extend(main.allowlist.iter().cloned());
        }
        entries.extend(jail.ignore.iter().cloned());
        ignore(&mut out, &entries);
    }
    out
}

/// The text of `jail.d/bangui-<jail>.local`.
pub fn managed_file(jail: &ManagedJail) -> String {
    let mut out = String::from(HEADER);
    let _ = write!(out, "\n# Created in BanGUI.\n[{}]\n", jail.name);
    let _ = writeln!(out, "enabled = {}", jail.enabled);
    let _ = writeln!(out, "filter = {}", value(&jail.filter));
    let indent = " ".repeat("logpath = ".len());
    let paths: Vec<String> = jail.log_paths.iter().map(|p| value(p)).collect();
    let _ = writeln!(out, "logpath = {}", paths.join(&format!("\n{indent}")));
    if let Some(port) = &jail.port {
        let _ = writeln!(out, "port = {}", value(port));
    }
    times(&mut out, jail.ban_time, jail.find_time, jail.max_retry);
    ignore(&mut out, &jail.ignore);
    out
}

fn is_empty(jail: &JailOverride, main: &MainFile) -> bool {
    jail.enabled.is_none()
        && jail.ban_time.is_none()
        && jail.find_time.is_none()
        && jail.max_retry.is_none()
        && jail.ignore.is_empty()
        && (!jail.own_ignoreip || main.allowlist.is_empty())
}

fn times(out: &mut String, ban_time: Option<i64>, find_time: Option<i64>, max_retry: Option<i64>) {
    for (name, setting) in [
        ("bantime", ban_time),
        ("findtime", find_time),
        ("maxretry", max_retry),
    ] {
        if let Some(setting) = setting {
            let _ = writeln!(out, "{name} = {setting}");
        }
    }
}

/// `ignoreip` on top of what the jail ignores already (its own files' value,
/// else `[DEFAULT]`'s, which holds the allowlist).
fn ignore(out: &mut String, entries: &[Entry]) {
    if entries.is_empty() {
        return;
    }
    describe(out, entries);
    let networks: Vec<&str> = entries.iter().map(|e| e.network.as_str()).collect();
    let _ = writeln!(out, "ignoreip = %(known/ignoreip)s {}", networks.join(" "));
}

/// One comment line per entry that has something to say.
fn describe(out: &mut String, entries: &[Entry]) {
    for entry in entries {
        let mut notes = Vec::new();
        if let Some(comment) = &entry.comment {
            notes.push(one_line(comment));
        }
        if let Some(by) = &entry.added_by {
            notes.push(format!("added by {}", one_line(by)));
        }
        if let Some(at) = entry
            .expires_at
            .and_then(|at| chrono::DateTime::from_timestamp(at, 0))
        {
            notes.push(format!("expires {}", at.format("%Y-%m-%d %H:%M UTC")));
        }
        if !notes.is_empty() {
            let _ = writeln!(out, "# {}: {}", entry.network, notes.join(", "));
        }
    }
}

/// Text on one line: line breaks and other control characters become spaces.
fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_control())
        .filter(|part| !part.trim().is_empty())
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A value as fail2ban reads it back: `%` doubled, since fail2ban
/// interpolates `%(name)s`.
fn value(text: &str) -> String {
    text.replace('%', "%%")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(network: &str, comment: Option<&str>) -> Entry {
        Entry {
            network: network.into(),
            comment: comment.map(Into::into),
            expires_at: None,
            added_by: Some("admin".into()),
        }
    }

    #[test]
    fn the_main_file_keeps_fail2bans_entries_and_adds_the_allowlist() {
        let main = MainFile {
            default_ignoreip: Some("127.0.0.1/8\n::1".into()),
            allowlist: vec![entry("198.51.100.0/24", Some("office\nLAN"))],
            jails: vec![
                JailOverride {
                    jail: "sshd".into(),
                    ban_time: Some(3600),
                    ignore: vec![Entry {
                        expires_at: Some(1_798_761_600),
                        ..entry("192.0.2.7", None)
                    }],
                    ..Default::default()
                },
                JailOverride {
                    jail: "apache".into(),
                    enabled: Some(false),
                    own_ignoreip: true,
                    ..Default::default()
                },
                JailOverride {
                    jail: "idle".into(),
                    ..Default::default()
                },
            ],
        };
        let text = main_file(&main);
        assert_eq!(
            text,
            format!(
                "{HEADER}\n# The allowlist: addresses no jail bans.\n[DEFAULT]\n\
                 # 127.0.0.1/8 ::1: from fail2ban's own files\n\
                 # 198.51.100.0/24: office LAN, added by admin\n\
                 ignoreip = 127.0.0.1/8 ::1 198.51.100.0/24\n\
                 \n[apache]\nenabled = false\n\
                 # 198.51.100.0/24: office LAN, added by admin\n\
                 ignoreip = %(known/ignoreip)s 198.51.100.0/24\n\
                 \n[sshd]\nbantime = 3600\n\
                 # 192.0.2.7: added by admin, expires 2027-01-01 00:00 UTC\n\
                 ignoreip = %(known/ignoreip)s 192.0.2.7\n"
            )
        );
        assert_eq!(main_file(&MainFile::default()), HEADER);
    }

    #[test]
    fn a_managed_jail_lists_its_log_files_one_per_line() {
        let jail = ManagedJail {
            name: "web".into(),
            filter: "nginx-http-auth".into(),
            log_paths: vec!["/var/log/a.log".into(), "/var/log/100%.log".into()],
            port: Some("http,https".into()),
            enabled: true,
            ban_time: None,
            find_time: Some(300),
            max_retry: Some(5),
            ignore: Vec::new(),
        };
        assert_eq!(
            managed_file(&jail),
            format!(
                "{HEADER}\n# Created in BanGUI.\n[web]\nenabled = true\nfilter = nginx-http-auth\n\
                 logpath = /var/log/a.log\n          /var/log/100%%.log\nport = http,https\n\
                 findtime = 300\nmaxretry = 5\n"
            )
        );
    }
}
