//! `bangui serve` killed with SIGKILL while it changes fail2ban's
//! configuration: BanGUI's file is always the old one or a new one, whole,
//! and fail2ban accepts it.

use std::net::TcpListener;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use bangui_test_support::Sandbox;
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestDb};

/// A `bangui serve` process, killed when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(db: &TestDb, sandbox: &Sandbox) -> Server {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut command = Command::new(env!("CARGO_BIN_EXE_bangui"));
        command
            .arg("serve")
            .env("BANGUI_DATABASE_URL", &db.url)
            .env("BANGUI_LISTEN", format!("127.0.0.1:{port}"))
            .env("BANGUI_WEB_DIR", "/nonexistent/web");
        for (key, value) in sandbox.settings() {
            command.env(key, value);
        }
        Server {
            child: command.spawn().expect("bangui serve starts"),
            url: format!("http://127.0.0.1:{port}/graphql"),
        }
    }

    async fn gql(
        &self,
        token: Option<&str>,
        query: &str,
        variables: Value,
    ) -> reqwest::Result<Value> {
        let mut request = reqwest::Client::new()
            .post(&self.url)
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await?.json().await
    }

    async fn ready(&self) {
        let started = Instant::now();
        while self
            .gql(None, "{ health { status } }", json!({}))
            .await
            .is_err()
        {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "bangui serve did not start"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    fn kill(&mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("reaped");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn a_kill_during_a_change_leaves_a_whole_file_fail2ban_accepts() {
    let db = TestDb::sqlite();
    let sandbox = Sandbox::start().unwrap();
    let file = sandbox.config_dir().join("jail.d/bangui.local");
    let mut server = Server::start(&db, &sandbox);
    server.ready().await;
    let setup = server
        .gql(
            None,
            "mutation($u: String!, $p: String!) { login: setup(username: $u, password: $p) { token } }",
            json!({ "u": "admin", "p": PASSWORD }),
        )
        .await
        .unwrap();
    let token = setup["data"]["login"]["token"].as_str().unwrap().to_owned();
    let mut sent = Vec::new();
    for round in 0..6_u64 {
        if round > 0 {
            server = Server::start(&db, &sandbox);
            server.ready().await;
        }
        let ban_time = 1_000 + round;
        sent.push(ban_time);
        let query = format!(
            "mutation {{ updateJail(name: \"sshd\", input: {{ banTime: {ban_time} }}) {{ banTime }} }}"
        );
        let request = {
            let url = server.url.clone();
            let token = token.clone();
            tokio::spawn(async move {
                let _ = reqwest::Client::new()
                    .post(url)
                    .bearer_auth(token)
                    .json(&json!({ "query": query }))
                    .send()
                    .await;
            })
        };
        // Each round kills a little later: before, during and after the write.
        tokio::time::sleep(Duration::from_millis(20 * round)).await;
        server.kill();
        request.abort();
        if let Ok(text) = std::fs::read_to_string(&file) {
            assert!(text.starts_with("# Managed by BanGUI."), "{text}");
            assert!(text.ends_with('\n'), "{text}");
            let set: Vec<u64> = text
                .lines()
                .filter_map(|l| l.strip_prefix("bantime = "))
                .map(|v| v.parse().unwrap())
                .collect();
            assert_eq!(set.len(), 1, "{text}");
            assert!(sent.contains(&set[0]), "{text}");
        }
        let test = Command::new("fail2ban-client")
            .arg("-c")
            .arg(sandbox.config_dir())
            .arg("--test")
            .output()
            .unwrap();
        assert!(
            test.status.success(),
            "{}",
            String::from_utf8_lossy(&test.stderr)
        );
    }
    // A server started after the last kill changes the file as usual.
    let server = Server::start(&db, &sandbox);
    server.ready().await;
    let body = server
        .gql(
            Some(&token),
            "mutation { updateJail(name: \"sshd\", input: { banTime: 4242 }) { banTime } }",
            json!({}),
        )
        .await
        .unwrap();
    assert_eq!(body["data"]["updateJail"]["banTime"], 4242, "{body}");
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("\nbantime = 4242\n")
    );
}
