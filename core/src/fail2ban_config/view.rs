//! How a jail is configured, read from every jail file fail2ban reads (the
//! operator's and BanGUI's): whether it is enabled, its filter, and the file
//! each of its settings comes from.

use bangui_fail2ban::conf::ini::{Layers, Origin};

use super::render;

/// The settings whose origin a jail shows.
pub const SHOWN: [&str; 8] = [
    "enabled", "filter", "logpath", "port", "bantime", "findtime", "maxretry", "ignoreip",
];

/// Where one setting of a jail comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettingSource {
    pub setting: &'static str,
    /// As the file writes it (`%(name)s` references kept).
    pub value: String,
    pub file: String,
    /// `DEFAULT` when the jail takes the value every jail has.
    pub section: String,
    /// Whether the file is BanGUI's.
    pub owned: bool,
}

/// A jail as its files configure it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Configured {
    /// Whether a file defines the jail at all.
    pub defined: bool,
    pub enabled: bool,
    /// The filter's name with fail2ban's references resolved, e.g. `sshd[mode=normal]`.
    pub filter: String,
    pub sources: Vec<SettingSource>,
}

/// How `jail` is configured.
pub fn configured(layers: &Layers, jail: &str) -> Configured {
    let all = |_: &str| true;
    let defined = layers.section_names().iter().any(|n| n == jail);
    let sources: Vec<SettingSource> = SHOWN
        .iter()
        .filter_map(|setting| {
            let Origin {
                file,
                section,
                value,
            } = layers.jail_option(jail, setting, all)?;
            Some(SettingSource {
                setting,
                owned: render::is_owned(&file),
                value,
                file,
                section,
            })
        })
        .collect();
    let enabled = layers
        .jail_option(jail, "enabled", all)
        .is_some_and(|o| boolean(&o.value));
    let filter = layers
        .jail_option(jail, "filter", all)
        .map(|o| interpolate(layers, jail, &o.value))
        .unwrap_or_else(|| jail.to_owned());
    Configured {
        defined,
        enabled,
        filter,
        sources,
    }
}

/// Every jail a file sets `enabled` for, with its value, in file order.
pub fn with_enabled(layers: &Layers) -> Vec<(String, bool)> {
    let all = |_: &str| true;
    layers
        .section_names()
        .into_iter()
        .filter_map(|name| {
            let enabled = boolean(&layers.last(&name, "enabled", all)?.value);
            Some((name, enabled))
        })
        .collect()
}

/// fail2ban's booleans: true, yes, on, 1 (any case).
fn boolean(value: &str) -> bool {
    matches!(
        value.trim().to_ascii_lowercase().as_str(),
        "true" | "yes" | "on" | "1"
    )
}

/// `%(name)s` references resolved against the jail's options, `__name__`
/// being the jail's name; at most a few levels deep.
fn interpolate(layers: &Layers, jail: &str, value: &str) -> String {
    let all = |_: &str| true;
    let mut out = value.to_owned();
    for _ in 0..5 {
        let Some(start) = out.find("%(") else {
            break;
        };
        let Some(end) = out[start..].find(")s").map(|e| start + e) else {
            break;
        };
        let name = &out[start + 2..end];
        let replacement = if name == "__name__" {
            jail.to_owned()
        } else {
            layers
                .jail_option(jail, name, all)
                .map(|o| o.value)
                .unwrap_or_default()
        };
        out = format!("{}{}{}", &out[..start], replacement, &out[end + 2..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use bangui_fail2ban::conf::ini::{Layer, parse};

    #[test]
    fn a_jail_says_where_its_settings_come_from() {
        let layers = Layers {
            layers: vec![
                Layer {
                    file: "jail.conf".into(),
                    sections: parse(
                        "[DEFAULT]\nbantime = 10m\nmode = normal\nfilter = %(__name__)s[mode=%(mode)s]\nenabled = false\n[sshd]\nport = ssh\n",
                    ),
                },
                Layer {
                    file: "jail.local".into(),
                    sections: parse("[sshd]\nenabled = true\n[web]\nenabled = no\n"),
                },
                Layer {
                    file: "jail.d/bangui.local".into(),
                    sections: parse("[sshd]\nbantime = 3600\n"),
                },
            ],
        };
        let sshd = configured(&layers, "sshd");
        assert!(sshd.defined && sshd.enabled);
        assert_eq!(sshd.filter, "sshd[mode=normal]");
        let source = |name: &str| {
            sshd.sources.iter().find(|s| s.setting == name).map(|s| {
                (
                    s.value.as_str(),
                    s.file.as_str(),
                    s.section.as_str(),
                    s.owned,
                )
            })
        };
        assert_eq!(
            source("bantime"),
            Some(("3600", "jail.d/bangui.local", "sshd", true))
        );
        assert_eq!(
            source("enabled"),
            Some(("true", "jail.local", "sshd", false))
        );
        assert_eq!(source("port"), Some(("ssh", "jail.conf", "sshd", false)));
        assert_eq!(source("logpath"), None);
        assert_eq!(
            with_enabled(&layers),
            vec![("sshd".to_owned(), true), ("web".to_owned(), false)]
        );
        assert!(!configured(&layers, "nothing").defined);
    }
}
