//! fail2ban's configuration through the API against a real, sandboxed
//! fail2ban-server: changes that last, changes fail2ban refuses, filters
//! and filter tests.

mod filters;
mod persistence;
mod refusals;

use std::path::Path;

use crate::helpers::TestApp;

/// The files in the sandbox's `jail.d/`, by name.
fn jail_d(app: &TestApp) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(app.sandbox().config_dir().join("jail.d"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A file of the sandbox's configuration, `None` when it does not exist.
fn config_file(app: &TestApp, file: &str) -> Option<String> {
    std::fs::read_to_string(app.sandbox().config_dir().join(file)).ok()
}

/// Gives the operator's `[DEFAULT] ignoreip` in jail.local the entries a
/// distribution ships, and reloads fail2ban.
fn operator_ignores_loopback(app: &TestApp) {
    let path = app.sandbox().config_dir().join("jail.local");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen("ignoreip =\n", "ignoreip = 127.0.0.1/8 ::1\n", 1),
    )
    .unwrap();
    app.sandbox().client(&["reload"]).unwrap();
}

/// fail2ban's running jails.
fn running(app: &TestApp) -> String {
    let status = app.sandbox().client(&["status"]).unwrap();
    status
        .lines()
        .find_map(|l| l.split_once("Jail list:"))
        .map(|(_, jails)| jails.trim().to_owned())
        .unwrap_or_default()
}

/// fail2ban's ignore list of `jail`, sorted.
fn ignored(app: &TestApp, jail: &str) -> Vec<String> {
    let out = app.sandbox().client(&["get", jail, "ignoreip"]).unwrap();
    let mut entries: Vec<String> = out
        .lines()
        .filter_map(|l| l.strip_prefix("|- ").or_else(|| l.strip_prefix("`- ")))
        .map(str::to_owned)
        .collect();
    entries.sort();
    entries
}

fn log_file(app: &TestApp, name: &str) -> String {
    Path::new(app.sandbox().dir())
        .join("log")
        .join(name)
        .display()
        .to_string()
}
