//! fail2ban's configuration directory on the host that runs it: its files
//! read as fail2ban reads them (`ini.rs`), the installed filters
//! (`filters.rs`), filter tests by fail2ban-regex (`regex.rs`), and the
//! files BanGUI owns there, written atomically (`files.rs`).
//!
//! [`Fail2banFiles`] is what the rest of BanGUI uses, wherever the directory
//! is: [`LocalFiles`] on this machine, or an agent's on another. Nothing can
//! be written but BanGUI's own files ([`is_owned`]), and nothing read but
//! fail2ban's configuration and the logs the caller checked are a jail's.

mod error;
pub mod files;
pub mod filters;
pub mod ini;
pub mod regex;

use std::path::{Path, PathBuf};

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

pub use error::FilesError;
pub use filters::Filter;
pub use ini::Layers;
pub use regex::{Outcome, Regexes};

/// The file of settings and ignore entries, for every jail BanGUI did not create.
pub const MAIN_FILE: &str = "jail.d/bangui.local";

/// The file of a jail BanGUI created.
pub fn jail_file(jail: &str) -> String {
    format!("jail.d/bangui-{jail}.local")
}

/// Whether `file` (relative to the configuration directory) is BanGUI's.
pub fn is_owned(file: &str) -> bool {
    file == MAIN_FILE
        || file.strip_prefix("jail.d/bangui-").is_some_and(|rest| {
            rest.strip_suffix(".local").is_some_and(|jail| {
                !jail.is_empty()
                    && jail
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '@'))
                    && !jail.starts_with('.')
            })
        })
}

/// One host's fail2ban configuration directory.
#[async_trait]
pub trait Fail2banFiles: Send + Sync {
    /// The files of `name` (`jail`, or `filter.d/<filter>`) in fail2ban's order.
    async fn layers(&self, name: &str) -> Result<Layers, FilesError>;

    /// Every installed filter, by name.
    async fn filters(&self) -> Result<Vec<Filter>, FilesError>;

    /// Whether `name` is an installed filter.
    async fn filter_exists(&self, name: &str) -> Result<bool, FilesError>;

    /// The text of each of BanGUI's `files`, `None` for one that does not exist.
    async fn read_owned(&self, files: &[String]) -> Result<Vec<Option<String>>, FilesError>;

    /// Gives each of BanGUI's files its text (`None`: removed), in order,
    /// each atomically; stops at the first that fails.
    async fn write_owned(&self, files: &[(String, Option<String>)]) -> Result<(), FilesError>;

    /// Runs fail2ban-regex on `lines`.
    async fn test_regex(&self, regexes: &Regexes, lines: &Lines) -> Result<Outcome, FilesError>;
}

/// The lines a filter test reads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lines {
    /// As given, each within [`regex::MAX_LINE_BYTES`].
    Given(Vec<String>),
    /// The last `max` lines of a jail's log files, in order.
    Logs { paths: Vec<String>, max: usize },
}

/// The configuration directory on this machine.
#[derive(Clone, Debug)]
pub struct LocalFiles {
    pub config_dir: PathBuf,
}

impl LocalFiles {
    pub fn new(config_dir: &Path) -> LocalFiles {
        LocalFiles {
            config_dir: config_dir.to_owned(),
        }
    }

    async fn blocking<T: Send + 'static>(
        what: &'static str,
        work: impl FnOnce() -> std::io::Result<T> + Send + 'static,
    ) -> Result<T, FilesError> {
        tokio::task::spawn_blocking(work)
            .await
            .map_err(|e| FilesError::failed(what, e))?
            .map_err(|e| FilesError::failed(what, e))
    }
}

/// Whether `name` is a kind of file the configuration is read from.
fn readable_kind(name: &str) -> bool {
    name == "jail"
        || name
            .strip_prefix("filter.d/")
            .is_some_and(filters::valid_name)
}

fn owned_only<'a>(mut files: impl Iterator<Item = &'a String>) -> Result<(), FilesError> {
    match files.find(|file| !is_owned(file)) {
        Some(file) => Err(FilesError::Refused(format!(
            "{file:?} is not one of BanGUI's files"
        ))),
        None => Ok(()),
    }
}

#[async_trait]
impl Fail2banFiles for LocalFiles {
    async fn layers(&self, name: &str) -> Result<Layers, FilesError> {
        if !readable_kind(name) {
            return Err(FilesError::Refused(format!(
                "{name:?} is not a kind of fail2ban configuration file"
            )));
        }
        let (dir, name) = (self.config_dir.clone(), name.to_owned());
        Self::blocking("reading fail2ban's configuration", move || {
            Layers::read(&dir, &name)
        })
        .await
    }

    async fn filters(&self) -> Result<Vec<Filter>, FilesError> {
        let dir = self.config_dir.clone();
        Self::blocking("reading fail2ban's filters", move || {
            filters::installed(&dir)
        })
        .await
    }

    async fn filter_exists(&self, name: &str) -> Result<bool, FilesError> {
        Ok(filters::exists(&self.config_dir, name))
    }

    async fn read_owned(&self, files: &[String]) -> Result<Vec<Option<String>>, FilesError> {
        owned_only(files.iter())?;
        let (dir, files) = (self.config_dir.clone(), files.to_vec());
        Self::blocking("reading BanGUI's configuration files", move || {
            files.iter().map(|f| files::read(&dir.join(f))).collect()
        })
        .await
    }

    async fn write_owned(&self, files: &[(String, Option<String>)]) -> Result<(), FilesError> {
        owned_only(files.iter().map(|(file, _)| file))?;
        let (dir, files) = (self.config_dir.clone(), files.to_vec());
        Self::blocking("writing fail2ban's configuration", move || {
            for (file, text) in &files {
                files::put(&dir.join(file), text.as_deref())?;
            }
            Ok(())
        })
        .await
    }

    async fn test_regex(&self, regexes: &Regexes, lines: &Lines) -> Result<Outcome, FilesError> {
        if let Regexes::Installed(name) = regexes
            && !filters::exists(&self.config_dir, name)
        {
            return Err(FilesError::Refused(format!(
                "fail2ban has no filter named {name:?}"
            )));
        }
        let lines = match lines {
            Lines::Given(lines) => {
                if lines.len() > regex::MAX_LINES {
                    return Err(FilesError::Refused(format!(
                        "a filter test reads at most {} lines",
                        regex::MAX_LINES
                    )));
                }
                lines.iter().map(|l| regex::cut(l)).collect()
            }
            Lines::Logs { paths, max } => {
                let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
                let max = (*max).min(regex::MAX_LINES);
                tokio::task::spawn_blocking(move || regex::tail(&paths, max))
                    .await
                    .map_err(|e| FilesError::failed("reading a jail's log files", e))?
                    .map_err(|e| {
                        FilesError::Refused(format!("the jail's log files cannot be read: {e}"))
                    })?
            }
        };
        regex::test(&self.config_dir, regexes, &lines).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_bangui_files_are_owned() {
        assert!(is_owned("jail.d/bangui.local"));
        assert!(is_owned("jail.d/bangui-sshd.local"));
        assert!(!is_owned("jail.d/bangui.conf"));
        assert!(!is_owned("jail.d/other.local"));
        assert!(!is_owned("jail.d/bangui-.local"));
        assert!(!is_owned("jail.d/bangui-../../etc/passwd.local"));
        assert!(!is_owned("jail.d/bangui-a/b.local"));
        assert!(!is_owned("jail.local"));
        assert!(!is_owned("jail.d/defaults-debian.conf"));
    }

    #[tokio::test]
    async fn files_outside_bangui_are_neither_read_nor_written() {
        let dir = tempfile::tempdir().unwrap();
        let files = LocalFiles::new(dir.path());
        let refused = |r: Result<(), FilesError>| matches!(r, Err(FilesError::Refused(_)));
        assert!(refused(
            files
                .write_owned(&[("jail.local".into(), Some("[x]\n".into()))])
                .await
        ));
        assert!(refused(
            files.read_owned(&["../secret".into()]).await.map(|_| ())
        ));
        assert!(refused(files.layers("/etc/shadow").await.map(|_| ())));
        assert!(!dir.path().join("jail.local").exists());
        files
            .write_owned(&[(MAIN_FILE.into(), Some("[sshd]\nbantime = 60\n".into()))])
            .await
            .unwrap();
        assert_eq!(
            files.read_owned(&[MAIN_FILE.into()]).await.unwrap(),
            vec![Some("[sshd]\nbantime = 60\n".to_owned())]
        );
        let layers = files.layers("jail").await.unwrap();
        assert_eq!(layers.layers.len(), 1);
        assert_eq!(layers.layers[0].file, MAIN_FILE);
    }
}
