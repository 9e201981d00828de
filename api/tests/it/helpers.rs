//! `TestApp::spawn()`: the real server on a random port with a fresh database.

use std::net::SocketAddr;

use bangui_api::Running;
use bangui_core::Config;
pub use bangui_test_support::rows::completed_run;
pub use bangui_test_support::{Sandbox, TestDb};
use serde_json::{Value, json};

/// Settings for a test server: random port, the given database, no fail2ban.
pub fn test_config(db: &TestDb, extra: &[(&str, &str)]) -> Config {
    let mut env = vec![
        ("BANGUI_DATABASE_URL".to_owned(), db.url.clone()),
        ("BANGUI_LISTEN".to_owned(), "127.0.0.1:0".to_owned()),
        (
            "BANGUI_FAIL2BAN_SOCKET".to_owned(),
            "/nonexistent/fail2ban.sock".to_owned(),
        ),
        ("BANGUI_WEB_DIR".to_owned(), "/nonexistent/web".to_owned()),
    ];
    env.extend(
        extra
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    Config::load(None, env).expect("test config").config
}

/// A running server and an HTTP client for it.
pub struct TestApp {
    pub addr: SocketAddr,
    pub client: reqwest::Client,
    pub running: Option<Running>,
    /// Kept alive so the database outlives the server.
    _db: TestDb,
    pub sandbox: Option<Sandbox>,
}

/// The password every test account gets.
pub const PASSWORD: &str = "correct horse battery staple";

impl TestApp {
    pub async fn spawn() -> TestApp {
        TestApp::spawn_on(TestDb::sqlite()).await
    }

    pub async fn spawn_on(db: TestDb) -> TestApp {
        TestApp::spawn_with(db, None, &[]).await
    }

    /// A server talking to a fresh sandboxed fail2ban.
    pub async fn spawn_with_fail2ban() -> TestApp {
        let sandbox = Sandbox::start().expect("fail2ban sandbox starts");
        TestApp::spawn_with(TestDb::sqlite(), Some(sandbox), &[]).await
    }

    pub async fn spawn_with(
        db: TestDb,
        sandbox: Option<Sandbox>,
        extra: &[(&str, &str)],
    ) -> TestApp {
        let mut env: Vec<(String, String)> = extra
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        if let Some(sandbox) = &sandbox {
            env.extend(sandbox.settings().map(|(k, v)| (k.to_owned(), v)));
        }
        let pairs: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let config = test_config(&db, &pairs);
        let running = bangui_api::start(config).await.expect("server starts");
        TestApp {
            addr: running.addr,
            client: reqwest::Client::new(),
            running: Some(running),
            _db: db,
            sandbox,
        }
    }

    pub fn sandbox(&self) -> &Sandbox {
        self.sandbox
            .as_ref()
            .expect("this test app has a fail2ban sandbox")
    }

    /// Runs `setup` and returns the first admin's session token.
    pub async fn admin(&self) -> String {
        let body = self
            .graphql(
                "mutation($u: String!, $p: String!) { setup(username: $u, password: $p) { token } }",
                json!({ "u": "admin", "p": PASSWORD }),
            )
            .await;
        body["data"]["setup"]["token"]
            .as_str()
            .expect("setup token")
            .to_owned()
    }

    /// Creates an account with `role` (as the admin `admin_token`) and signs it in.
    pub async fn user(&self, admin_token: &str, name: &str, role: &str) -> String {
        let created = self
            .gql(
                admin_token,
                "mutation($u: String!, $p: String!, $r: Role!) { createUser(username: $u, password: $p, role: $r) { id } }",
                json!({ "u": name, "p": PASSWORD, "r": role }),
            )
            .await;
        assert!(created["errors"].is_null(), "{created}");
        let body = self
            .graphql(
                "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }",
                json!({ "u": name, "p": PASSWORD }),
            )
            .await;
        body["data"]["login"]["token"]
            .as_str()
            .expect("login token")
            .to_owned()
    }

    /// Creates an API token with `role` (as the admin `admin_token`); returns its secret.
    pub async fn api_token(&self, admin_token: &str, name: &str, role: &str) -> String {
        let body = self
            .gql(
                admin_token,
                "mutation($n: String!, $r: Role!) { createApiToken(name: $n, role: $r) { token } }",
                json!({ "n": name, "r": role }),
            )
            .await;
        body["data"]["createApiToken"]["token"]
            .as_str()
            .expect("token")
            .to_owned()
    }

    /// POSTs a GraphQL query with a bearer token.
    pub async fn gql(&self, token: &str, query: &str, variables: Value) -> Value {
        self.client
            .post(self.url("/graphql"))
            .bearer_auth(token)
            .json(&json!({ "query": query, "variables": variables }))
            .send()
            .await
            .expect("request")
            .json()
            .await
            .expect("JSON body")
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// POSTs a GraphQL query and returns the whole response body.
    pub async fn graphql(&self, query: &str, variables: Value) -> Value {
        self.client
            .post(self.url("/graphql"))
            .json(&json!({ "query": query, "variables": variables }))
            .send()
            .await
            .expect("request")
            .json()
            .await
            .expect("JSON body")
    }

    /// A disabled blocklist source named `name`, made through the API; its id.
    pub async fn blocklist_source(&self, admin_token: &str, name: &str) -> i64 {
        let made = self
            .gql(
                admin_token,
                "mutation($i: BlocklistSourceInput!) { createBlocklistSource(input: $i) { id } }",
                json!({ "i": { "name": name, "url": format!("https://lists.example.org/{name}.txt"), "jail": "blocklist", "enabled": false } }),
            )
            .await;
        made["data"]["createBlocklistSource"]["id"]
            .as_str()
            .expect("source id")
            .parse()
            .expect("numeric id")
    }

    /// Stops the server and waits for it.
    pub async fn stop(mut self) {
        if let Some(running) = self.running.take() {
            running.shutdown();
            running.stopped().await;
        }
    }

    /// Stops the server and hands back its database and fail2ban, for a
    /// server started after it.
    pub async fn stop_keeping(mut self) -> (TestDb, Option<Sandbox>) {
        if let Some(running) = self.running.take() {
            running.shutdown();
            running.stopped().await;
        }
        (self._db, self.sandbox)
    }
}

/// The `extensions.code` of the first error.
pub fn code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or("<no error>")
}
