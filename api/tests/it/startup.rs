//! The binary's start-up failures: one clear line, non-zero exit, nothing half-written.

use std::process::{Command, Output};

fn bangui(args: &[&str], env: &[(&str, &str)]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_bangui"));
    cmd.args(args)
        .current_dir(dir.path())
        .env_clear()
        .env("PATH", "/usr/bin:/bin");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

/// The one line that reports the failure.
fn error_line(out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("bangui: error:"))
        .collect();
    assert_eq!(lines.len(), 1, "expected one error line in:\n{stderr}");
    lines[0].to_owned()
}

#[test]
fn malformed_setting_stops_with_its_name() {
    let out = bangui(&["serve"], &[("BANGUI_LISTEN", "nope")]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        error_line(&out),
        "bangui: error: invalid BANGUI_LISTEN=\"nope\" (from the environment): expected an address and port like 127.0.0.1:8080"
    );
}

#[test]
fn unwritable_database_path_is_refused() {
    let out = bangui(
        &["migrate"],
        &[("BANGUI_DATABASE_URL", "sqlite:///sys/bangui-test/x.db")],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        error_line(&out),
        "bangui: error: permission denied for database /sys/bangui-test/x.db"
    );
}

#[test]
fn invalid_database_path_is_refused_and_nothing_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plainfile");
    std::fs::write(&file, b"keep").unwrap();
    let url = format!("sqlite://{}/sub/x.db", file.display());
    let out = bangui(&["migrate"], &[("BANGUI_DATABASE_URL", &url)]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        error_line(&out),
        format!(
            "bangui: error: invalid database path {}/sub/x.db: a parent path is a file, not a directory",
            file.display()
        )
    );
    assert_eq!(std::fs::read(&file).unwrap(), b"keep");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn corrupt_database_file_is_reported_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bangui.db");
    let garbage: Vec<u8> = (0..16_384u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(&path, &garbage).unwrap();
    let url = format!("sqlite://{}", path.display());
    let out = bangui(&["migrate"], &[("BANGUI_DATABASE_URL", &url)]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        error_line(&out),
        format!(
            "bangui: error: database file {} is corrupt or not an SQLite database",
            path.display()
        )
    );
    assert_eq!(std::fs::read(&path).unwrap(), garbage);
}

#[test]
fn listen_address_in_use_is_reported() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/b.db", dir.path().display());
    let out = bangui(
        &["serve"],
        &[("BANGUI_LISTEN", &addr), ("BANGUI_DATABASE_URL", &url)],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        error_line(&out),
        format!("bangui: error: cannot listen on {addr}: address already in use")
    );
}

#[test]
fn help_documents_every_command_and_setting() {
    let out = bangui(&["--help"], &[]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "serve",
        "migrate",
        "schema",
        "BANGUI_DATABASE_URL",
        "BANGUI_LISTEN",
        "BANGUI_FAIL2BAN_SOCKET",
        "BANGUI_LOG_FORMAT",
    ] {
        assert!(text.contains(needle), "--help lacks {needle}:\n{text}");
    }
}

/// `bangui serve` on a free port with JSON logs on stderr, once it accepts
/// connections; returns the process and its address.
fn serve_with_json_logs(url: &str, extra: &[(&str, &str)]) -> (std::process::Child, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let listen = format!("127.0.0.1:{port}");
    let child = Command::new(env!("CARGO_BIN_EXE_bangui"))
        .arg("serve")
        .env("BANGUI_DATABASE_URL", url)
        .env("BANGUI_LISTEN", &listen)
        .env("BANGUI_LOG_FORMAT", "json")
        .envs(extra.iter().copied())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let up = (0..100).any(|_| {
        let connected = std::net::TcpStream::connect(&listen).is_ok();
        if !connected {
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        connected
    });
    assert!(up, "server did not start");
    (child, listen)
}

#[test]
fn sigterm_stops_the_server_gracefully() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/b.db", dir.path().display());
    let (child, _) = serve_with_json_logs(&url, &[]);
    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let last: serde_json::Value = serde_json::from_str(stderr.lines().last().unwrap()).unwrap();
    assert_eq!(last["message"], "stopped", "{stderr}");
}

fn bangui_with_stdin(args: &[&str], env: &[(&str, &str)], stdin: &str) -> Output {
    use std::io::Write;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_bangui"));
    cmd.args(args)
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn accounts_can_be_created_and_reset_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/b.db", dir.path().display());
    let env = [("BANGUI_DATABASE_URL", url.as_str())];
    let out = bangui_with_stdin(
        &["user", "create", "--username", "ops", "--role", "operator"],
        &env,
        "a long enough password\n",
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "created ops (OPERATOR)\n"
    );
    let out = bangui_with_stdin(
        &["user", "create", "--username", "ops"],
        &env,
        "a long enough password\n",
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        error_line(&out),
        "bangui: error: the username \"ops\" is taken"
    );
    let out = bangui_with_stdin(
        &["user", "reset-password", "--username", "ops"],
        &env,
        "short\n",
    );
    assert_eq!(
        error_line(&out),
        "bangui: error: the password must have at least 12 characters"
    );
    let out = bangui_with_stdin(
        &["user", "reset-password", "--username", "ops"],
        &env,
        "another long password\n",
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "password of ops reset; 0 sessions ended\n"
    );
}

#[tokio::test]
async fn the_request_span_names_the_graphql_operation() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/b.db", dir.path().display());
    let (child, listen) = serve_with_json_logs(
        &url,
        &[
            ("BANGUI_FAIL2BAN_SOCKET", "/nonexistent/fail2ban.sock"),
            ("BANGUI_LOG_LEVEL", "info"),
        ],
    );
    let client = reqwest::Client::new();
    let endpoint = format!("http://{listen}/graphql");
    for (query, name) in [
        ("query SetupCheck { setupRequired }", "SetupCheck"),
        ("query Odd { setupRequired }", "not;a name"),
    ] {
        let body: serde_json::Value = client
            .post(&endpoint)
            .json(&serde_json::json!({ "query": query, "operationName": name }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(body.is_object(), "{body}");
    }
    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let operations: Vec<String> = stderr
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|line| line["message"] == "response" && line["span"]["path"] == "/graphql")
        .map(|line| {
            line["span"]["operation"]
                .as_str()
                .unwrap_or("<none>")
                .to_owned()
        })
        .collect();
    assert_eq!(operations, ["SetupCheck", "other"], "{stderr}");
}
