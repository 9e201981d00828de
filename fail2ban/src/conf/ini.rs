//! fail2ban's configuration files as fail2ban reads them: INI sections of
//! `name = value` options (names case-insensitive, values continued on
//! indented lines, `#` and `;` comment lines, `;` inline comments), and the
//! order in which the files of one kind override each other.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// One `[section]` of a file, its options in file order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub name: String,
    pub options: Vec<(String, String)>,
}

impl Section {
    /// The option's last value in this section.
    pub fn get(&self, option: &str) -> Option<&str> {
        self.options
            .iter()
            .rev()
            .find(|(name, _)| name.eq_ignore_ascii_case(option))
            .map(|(_, value)| value.as_str())
    }
}

/// The sections of one file's text.
pub fn parse(text: &str) -> Vec<Section> {
    let mut sections: Vec<Section> = Vec::new();
    let mut open: Option<(String, String)> = None;
    let close = |open: &mut Option<(String, String)>, sections: &mut Vec<Section>| {
        if let (Some((name, value)), Some(section)) = (open.take(), sections.last_mut()) {
            section.options.push((name, value.trim_end().to_owned()));
        }
    };
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        let continued = line.starts_with([' ', '\t']);
        if continued {
            if let Some((_, value)) = open.as_mut() {
                value.push('\n');
                value.push_str(strip_inline_comment(trimmed));
            }
            continue;
        }
        close(&mut open, &mut sections);
        if let Some(name) = trimmed.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            sections.push(Section {
                name: name.trim().to_owned(),
                options: Vec::new(),
            });
            continue;
        }
        let Some(at) = trimmed.find(['=', ':']) else {
            continue;
        };
        if sections.is_empty() {
            continue;
        }
        let name = trimmed[..at].trim().to_ascii_lowercase();
        let value = strip_inline_comment(trimmed[at + 1..].trim()).to_owned();
        open = Some((name, value));
    }
    close(&mut open, &mut sections);
    sections
}

/// A value without a `;` comment that follows whitespace, as Python's
/// ConfigParser reads fail2ban's files.
fn strip_inline_comment(value: &str) -> &str {
    let bytes = value.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b';' && i > 0 && bytes[i - 1].is_ascii_whitespace() {
            return value[..i].trim_end();
        }
    }
    value
}

/// One file of a layered configuration, read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Layer {
    /// Relative to the configuration directory, e.g. `jail.d/bangui.local`.
    pub file: String,
    pub sections: Vec<Section>,
}

/// Where an option's value was last set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    pub file: String,
    pub section: String,
    pub value: String,
}

/// The files of one kind (`jail`, `filter.d/sshd`, …) in the order fail2ban
/// reads them: `NAME.conf`, `NAME.d/*.conf`, `NAME.local`, `NAME.d/*.local`,
/// each glob sorted by name; a later file overrides an earlier one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Layers {
    pub layers: Vec<Layer>,
}

impl Layers {
    /// Reads the files of `name` under `dir`; missing files are skipped.
    pub fn read(dir: &Path, name: &str) -> std::io::Result<Layers> {
        let mut layers = Vec::new();
        for file in files_of(dir, name)? {
            let text = match std::fs::read_to_string(dir.join(&file)) {
                Ok(text) => text,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(e),
            };
            layers.push(Layer {
                file: file.to_string_lossy().into_owned(),
                sections: parse(&text),
            });
        }
        Ok(Layers { layers })
    }

    /// The last value of `option` in `section`, with its file, among the
    /// files `include` accepts.
    pub fn last(
        &self,
        section: &str,
        option: &str,
        include: impl Fn(&str) -> bool,
    ) -> Option<Origin> {
        self.layers
            .iter()
            .rev()
            .filter(|layer| include(&layer.file))
            .find_map(|layer| {
                let value = layer
                    .sections
                    .iter()
                    .rev()
                    .filter(|s| s.name == section)
                    .find_map(|s| s.get(option))?;
                Some(Origin {
                    file: layer.file.clone(),
                    section: section.to_owned(),
                    value: value.to_owned(),
                })
            })
    }

    /// Where a jail's option comes from: its own section, else `[DEFAULT]`.
    pub fn jail_option(
        &self,
        jail: &str,
        option: &str,
        include: impl Fn(&str) -> bool + Copy,
    ) -> Option<Origin> {
        self.last(jail, option, include)
            .or_else(|| self.last("DEFAULT", option, include))
    }

    /// Every section name but `DEFAULT` and `INCLUDES`, once, in file order.
    pub fn section_names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for section in self.layers.iter().flat_map(|l| &l.sections) {
            if section.name != "DEFAULT"
                && section.name != "INCLUDES"
                && !names.contains(&section.name)
            {
                names.push(section.name.clone());
            }
        }
        names
    }
}

/// The relative paths fail2ban reads for `name`, in order.
fn files_of(dir: &Path, name: &str) -> std::io::Result<Vec<PathBuf>> {
    let mut files = vec![PathBuf::from(format!("{name}.conf"))];
    files.extend(sorted(dir, &format!("{name}.d"), ".conf")?);
    files.push(PathBuf::from(format!("{name}.local")));
    files.extend(sorted(dir, &format!("{name}.d"), ".local")?);
    Ok(files)
}

fn sorted(dir: &Path, sub: &str, suffix: &str) -> std::io::Result<Vec<PathBuf>> {
    let entries = match std::fs::read_dir(dir.join(sub)) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut names = Vec::new();
    for entry in entries {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if name.ends_with(suffix) && !name.starts_with('.') {
            names.push(name);
        }
    }
    names.sort();
    Ok(names
        .into_iter()
        .map(|n| PathBuf::from(sub).join(n))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sections_continuations_and_comments() {
        let sections = parse(
            "# a comment\n[DEFAULT]\nBanTime = 600 ; ten minutes\nignoreip = 127.0.0.1/8\n  ::1\n\n\
             [sshd]\nenabled: true\n; off\nfailregex = ^a <HOST>$\n\t^b;c <HOST>$\n",
        );
        assert_eq!(
            sections,
            vec![
                Section {
                    name: "DEFAULT".into(),
                    options: vec![
                        ("bantime".into(), "600".into()),
                        ("ignoreip".into(), "127.0.0.1/8\n::1".into()),
                    ],
                },
                Section {
                    name: "sshd".into(),
                    options: vec![
                        ("enabled".into(), "true".into()),
                        ("failregex".into(), "^a <HOST>$\n^b;c <HOST>$".into()),
                    ],
                },
            ]
        );
        assert_eq!(sections[0].get("BANTIME"), Some("600"));
    }
}
