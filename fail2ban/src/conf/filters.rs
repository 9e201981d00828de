//! The filters installed with fail2ban (`filter.d/*.conf`, with their
//! `.local` overrides), as fail2ban's files write them.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::ini::Layers;

/// One filter's definition. Regular expressions are shown as written, with
/// fail2ban's `%(name)s` references and `<HOST>` tags.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    pub name: String,
    pub fail_regex: Vec<String>,
    pub ignore_regex: Vec<String>,
    pub date_pattern: Option<String>,
}

/// Every installed filter, by name.
pub fn installed(dir: &Path) -> std::io::Result<Vec<Filter>> {
    let mut names = Vec::new();
    let entries = match std::fs::read_dir(dir.join("filter.d")) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if let Some(stem) = name
            .strip_suffix(".conf")
            .or_else(|| name.strip_suffix(".local"))
        {
            // common.conf and the like hold definitions other filters include.
            if stem != "common" && !stem.starts_with('.') && !names.iter().any(|n| n == stem) {
                names.push(stem.to_owned());
            }
        }
    }
    names.sort();
    names.into_iter().map(|name| read(dir, &name)).collect()
}

/// Whether `name` is an installed filter.
pub fn exists(dir: &Path, name: &str) -> bool {
    valid_name(name)
        && ["conf", "local"]
            .iter()
            .any(|ext| dir.join("filter.d").join(format!("{name}.{ext}")).is_file())
}

/// A filter name as fail2ban's files have them: no path, no options.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 100
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !name.starts_with('.')
}

fn read(dir: &Path, name: &str) -> std::io::Result<Filter> {
    let layers = Layers::read(dir, &format!("filter.d/{name}"))?;
    let all = |_: &str| true;
    let lines = |option: &str| -> Vec<String> {
        layers
            .last("Definition", option, all)
            .map(|o| {
                o.value
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    };
    let date_pattern = layers
        .last("Definition", "datepattern", all)
        .or_else(|| layers.last("Init", "datepattern", all))
        .map(|o| o.value)
        .filter(|v| !v.is_empty());
    Ok(Filter {
        name: name.to_owned(),
        fail_regex: lines("failregex"),
        ignore_regex: lines("ignoreregex"),
        date_pattern,
    })
}
