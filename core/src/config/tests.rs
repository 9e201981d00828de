//! The configuration's loading, precedence and messages.

use super::*;

fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn defaults_apply_without_file_or_environment() {
    let loaded = Config::load(None, env(&[])).unwrap();
    let c = loaded.config;
    assert_eq!(c.database_url.expose(), "sqlite://data/bangui.db");
    assert_eq!(c.listen, "127.0.0.1:8080".parse().unwrap());
    assert_eq!(
        c.fail2ban_socket,
        Some(PathBuf::from("/var/run/fail2ban/fail2ban.sock"))
    );
    assert_eq!(
        c.fail2ban_db,
        PathBuf::from("/var/lib/fail2ban/fail2ban.sqlite3")
    );
    assert_eq!(c.log_format, LogFormat::Text);
    assert_eq!(c.sync_interval, Duration::from_secs(5));
    assert!(!c.blocklist_allow_private_urls);
    assert!(c.allowed_origins.is_empty());
    assert!(loaded.warnings.is_empty());
}

#[test]
fn environment_overrides_file_which_overrides_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bangui.toml");
    std::fs::write(
        &file,
        "listen = \"0.0.0.0:9000\"\nsync_interval_secs = 30\nallowed_origins = [\"https://a.example\", \"http://b.example:8080\"]\n",
    )
    .unwrap();
    let loaded = Config::load(
        Some(&file),
        env(&[
            ("BANGUI_LISTEN", "127.0.0.1:7000"),
            ("BANGUI_LOG_FORMAT", "JSON"),
        ]),
    )
    .unwrap();
    assert_eq!(loaded.config.listen, "127.0.0.1:7000".parse().unwrap());
    assert_eq!(loaded.config.sync_interval, Duration::from_secs(30));
    assert_eq!(loaded.config.log_format, LogFormat::Json);
    assert_eq!(
        loaded.config.allowed_origins,
        vec![
            "https://a.example".to_owned(),
            "http://b.example:8080".to_owned()
        ]
    );
}

#[test]
fn bad_value_names_the_setting_and_the_problem() {
    let err = Config::load(None, env(&[("BANGUI_LISTEN", "localhost")])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid BANGUI_LISTEN=\"localhost\" (from the environment): expected an address and port like 127.0.0.1:8080"
    );
    let err = Config::load(None, env(&[("BANGUI_SYNC_INTERVAL_SECS", "0")])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid BANGUI_SYNC_INTERVAL_SECS=\"0\" (from the environment): expected a number of seconds greater than 0"
    );
}

#[test]
fn database_password_never_appears_in_errors() {
    let err = Config::load(
        None,
        env(&[("BANGUI_DATABASE_URL", "mysql://u:hunter2@h/db")]),
    )
    .unwrap_err();
    let text = err.to_string();
    assert!(!text.contains("hunter2"), "{text}");
    assert_eq!(
        text,
        "invalid BANGUI_DATABASE_URL=\"mysql://u:***@h/db\" (from the environment): expected sqlite://PATH or postgres://USER@HOST/DATABASE"
    );
}

#[test]
fn unknown_environment_variables_are_warned_about() {
    let loaded = Config::load(
        None,
        env(&[
            ("BANGUI_LISTN", "x"),
            ("BANGUI_CONFIG", "f"),
            ("PATH", "/bin"),
        ]),
    )
    .unwrap();
    assert_eq!(
        loaded.warnings,
        vec!["unknown environment variable BANGUI_LISTN is ignored (see `bangui --help` for the settings)".to_owned()]
    );
}

#[test]
fn unknown_file_keys_and_bad_toml_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bangui.toml");
    std::fs::write(&file, "listn = \"x\"\n").unwrap();
    let err = Config::load(Some(&file), env(&[])).unwrap_err();
    assert!(matches!(err, ConfigError::UnknownKey { ref key, .. } if key == "listn"));
    std::fs::write(&file, "listen = \n").unwrap();
    let err = Config::load(Some(&file), env(&[])).unwrap_err();
    assert!(matches!(err, ConfigError::Syntax { .. }), "{err}");
}

#[test]
fn origins_must_be_scheme_and_host() {
    let err = Config::load(None, env(&[("BANGUI_ALLOWED_ORIGINS", "example.com")])).unwrap_err();
    assert!(
        err.to_string()
            .ends_with("origin \"example.com\" must start with http:// or https://"),
        "{err}"
    );
}

#[test]
fn redacts_passwords() {
    assert_eq!(
        redact_url("postgres://bob:pw@db:5432/x"),
        "postgres://bob:***@db:5432/x"
    );
    assert_eq!(
        redact_url("sqlite://data/bangui.db"),
        "sqlite://data/bangui.db"
    );
}

#[test]
fn help_lists_every_setting() {
    let help = Config::help_text();
    for spec in SPECS {
        assert!(help.contains(&env_name(spec.key)), "{}", spec.key);
    }
}

#[test]
fn keys_are_unique_and_secrets_are_never_printed() {
    let mut keys: Vec<&str> = SPECS.iter().map(|s| s.key).collect();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), SPECS.len());
    let loaded = Config::load(
        None,
        env(&[("BANGUI_DATABASE_URL", "postgres://bob:hunter2@db/bangui")]),
    )
    .unwrap();
    let shown = format!("{:?}", loaded.config);
    assert!(!shown.contains("hunter2"), "{shown}");
    assert!(
        shown.contains("database_url: Secret(\"postgres://bob:***@db/bangui\")"),
        "{shown}"
    );
    assert_eq!(
        loaded.config.database_url.to_string(),
        "postgres://bob:***@db/bangui"
    );
    assert_eq!(
        loaded.config.database_url.expose(),
        "postgres://bob:hunter2@db/bangui"
    );
}

#[test]
fn help_shows_each_setting_once_with_its_default() {
    let help = Config::help_text();
    assert!(help.contains(
        "  BANGUI_SYNC_INTERVAL_SECS          How often fail2ban's database is copied into the archive.\n  (sync_interval_secs)               default: 5\n"
    ), "{help}");
    assert_eq!(help.matches("BANGUI_LISTEN ").count(), 1);
}

#[test]
fn allowed_networks_are_read_as_networks() {
    let loaded = Config::load(
        None,
        env(&[
            (
                "BANGUI_NOTIFY_ALLOWED_NETWORKS",
                " 10.1.2.3, 192.168.7.9/16 ,fd00::/8",
            ),
            ("BANGUI_BLOCKLIST_ALLOWED_NETWORKS", ""),
        ]),
    )
    .unwrap();
    let shown: Vec<String> = loaded
        .config
        .notify_allowed_networks
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(shown, ["10.1.2.3/32", "192.168.0.0/16", "fd00::/8"]);
    assert!(loaded.config.blocklist_allowed_networks.is_empty());
    let err = Config::load(
        None,
        env(&[("BANGUI_BLOCKLIST_ALLOWED_NETWORKS", "10.0.0.0/33")]),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid BANGUI_BLOCKLIST_ALLOWED_NETWORKS=\"10.0.0.0/33\" (from the environment): \"10.0.0.0/33\" is not a network such as 10.1.0.0/16 or an address"
    );
}

#[test]
fn archive_retention_is_off_unless_set() {
    let loaded = Config::load(None, env(&[])).unwrap();
    assert_eq!(loaded.config.archive_retention, Duration::ZERO);
    let loaded = Config::load(None, env(&[("BANGUI_ARCHIVE_RETENTION_DAYS", "400")])).unwrap();
    assert_eq!(
        loaded.config.archive_retention,
        Duration::from_secs(400 * 86_400)
    );
    let err = Config::load(None, env(&[("BANGUI_ARCHIVE_RETENTION_DAYS", "-1")])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid BANGUI_ARCHIVE_RETENTION_DAYS=\"-1\" (from the environment): expected a number of days from 0 (keep everything) to 36500"
    );
}
