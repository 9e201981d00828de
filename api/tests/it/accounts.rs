//! First-run setup, sign-in, sessions, API tokens, roles and the audit log.

use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp, code};

const LOGIN: &str = "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token expiresAt user { username role } } }";

#[tokio::test]
async fn setup_creates_the_first_admin_once() {
    let app = TestApp::spawn().await;
    let body = app
        .graphql("{ setupRequired viewer { username } }", json!({}))
        .await;
    assert_eq!(
        body,
        json!({ "data": { "setupRequired": true, "viewer": null } })
    );

    let res = app
        .client
        .post(app.url("/graphql"))
        .json(&json!({
            "query": "mutation($u: String!, $p: String!) { setup(username: $u, password: $p) { token user { username role } } }",
            "variables": { "u": "root", "p": PASSWORD }
        }))
        .send()
        .await
        .unwrap();
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    let body: Value = res.json().await.unwrap();
    let token = body["data"]["setup"]["token"].as_str().unwrap();
    assert!(
        cookie.starts_with(&format!(
            "bangui_session={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=28800"
        )),
        "{cookie}"
    );
    assert_eq!(
        body["data"]["setup"]["user"],
        json!({ "username": "root", "role": "ADMIN" })
    );

    let again = app
        .graphql(
            "mutation { setup(username: \"other\", password: \"another long password\") { token } }",
            json!({}),
        )
        .await;
    assert_eq!(code(&again), "CONFLICT");
    let body = app
        .gql(
            token,
            "{ setupRequired viewer { username role } }",
            json!({}),
        )
        .await;
    assert_eq!(
        body,
        json!({ "data": { "setupRequired": false, "viewer": { "username": "root", "role": "ADMIN" } } })
    );
    app.stop().await;
}

#[tokio::test]
async fn short_passwords_are_refused_at_setup() {
    let app = TestApp::spawn().await;
    let body = app
        .graphql(
            "mutation { setup(username: \"root\", password: \"short\") { token } }",
            json!({}),
        )
        .await;
    assert_eq!(code(&body), "BAD_USER_INPUT");
    assert_eq!(
        body["errors"][0]["message"],
        "the password must have at least 12 characters"
    );
    app.stop().await;
}

#[tokio::test]
async fn wrong_password_and_unknown_user_look_the_same() {
    let app = TestApp::spawn().await;
    app.admin().await;
    let wrong = app
        .graphql(LOGIN, json!({ "u": "admin", "p": "not the password" }))
        .await;
    let unknown = app
        .graphql(LOGIN, json!({ "u": "nobody", "p": "not the password" }))
        .await;
    assert_eq!(code(&wrong), "UNAUTHENTICATED");
    assert_eq!(wrong["errors"][0]["message"], "wrong username or password");
    assert_eq!(wrong["errors"], unknown["errors"]);
    let ok = app
        .graphql(LOGIN, json!({ "u": "admin", "p": PASSWORD }))
        .await;
    assert_eq!(
        ok["data"]["login"]["user"],
        json!({ "username": "admin", "role": "ADMIN" })
    );
    app.stop().await;
}

#[tokio::test]
async fn brute_force_is_slowed_down() {
    let app = TestApp::spawn().await;
    app.admin().await;
    for _ in 0..5 {
        let body = app
            .graphql(LOGIN, json!({ "u": "admin", "p": "guess guess guess" }))
            .await;
        assert_eq!(code(&body), "UNAUTHENTICATED");
    }
    // Even the right password is refused while the delay runs.
    let body = app
        .graphql(LOGIN, json!({ "u": "admin", "p": PASSWORD }))
        .await;
    assert_eq!(code(&body), "RATE_LIMITED");
    assert_eq!(
        body["errors"][0]["message"],
        "too many attempts; try again in 1 s"
    );
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let body = app
        .graphql(LOGIN, json!({ "u": "admin", "p": PASSWORD }))
        .await;
    assert!(body["data"]["login"]["token"].is_string(), "{body}");
    app.stop().await;
}

#[tokio::test]
async fn logout_revokes_the_session_at_once() {
    let app = TestApp::spawn().await;
    let token = app.admin().await;
    let before = app.gql(&token, "{ users { username } }", json!({})).await;
    assert_eq!(
        before,
        json!({ "data": { "users": [{ "username": "admin" }] } })
    );
    let out = app.gql(&token, "mutation { logout }", json!({})).await;
    assert_eq!(out, json!({ "data": { "logout": true } }));
    let after = app.gql(&token, "{ users { username } }", json!({})).await;
    assert_eq!(code(&after), "UNAUTHENTICATED");
    app.stop().await;
}

#[tokio::test]
async fn api_tokens_are_shown_once_hashed_and_revoked_at_once() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let created = app
        .gql(
            &admin,
            "mutation { createApiToken(name: \"ci\", role: VIEWER) { token apiToken { id name role lastUsedAt } } }",
            json!({}),
        )
        .await;
    let token = created["data"]["createApiToken"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let id = created["data"]["createApiToken"]["apiToken"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(token.starts_with("bga_"));
    assert_eq!(
        created["data"]["createApiToken"]["apiToken"]["role"],
        "VIEWER"
    );
    assert_eq!(
        created["data"]["createApiToken"]["apiToken"]["lastUsedAt"],
        Value::Null
    );

    // A VIEWER token reads, and the use is recorded.
    let read = app
        .gql(
            &token,
            "{ health { status } viewer { username } }",
            json!({}),
        )
        .await;
    assert_eq!(
        read,
        json!({ "data": { "health": { "status": "ok" }, "viewer": null } })
    );
    let listed = app
        .gql(&admin, "{ apiTokens { name lastUsedAt } }", json!({}))
        .await;
    assert_eq!(listed["data"]["apiTokens"][0]["name"], "ci");
    assert!(
        listed["data"]["apiTokens"][0]["lastUsedAt"].is_string(),
        "{listed}"
    );
    // ...but may not manage users.
    assert_eq!(
        code(&app.gql(&token, "{ users { username } }", json!({})).await),
        "FORBIDDEN"
    );

    // The stored form is the SHA-256, never the token.
    let state = app.running.as_ref().unwrap().state.clone();
    use sea_orm::EntityTrait;
    let rows = entity::api_token::Entity::find()
        .all(&state.db)
        .await
        .unwrap();
    assert_eq!(rows[0].token_hash, bangui_core::auth::tokens::hash(&token));
    assert_ne!(rows[0].token_hash, token);

    let revoked = app
        .gql(
            &admin,
            "mutation($id: ID!) { revokeApiToken(id: $id) }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(revoked, json!({ "data": { "revokeApiToken": true } }));
    assert_eq!(
        code(&app.gql(&token, "{ jails { name } }", json!({})).await),
        "UNAUTHENTICATED"
    );
    app.stop().await;
}

#[tokio::test]
async fn forged_tokens_are_unauthenticated() {
    let app = TestApp::spawn().await;
    app.admin().await;
    for forged in ["bgs_forged", "bga_forged", "", "x".repeat(5000).as_str()] {
        let body = app.gql(forged, "{ jails { name } }", json!({})).await;
        assert_eq!(code(&body), "UNAUTHENTICATED", "{forged}");
    }
    app.stop().await;
}

#[tokio::test]
async fn roles_are_enforced() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let viewer = app.user(&admin, "vera", "VIEWER").await;
    let operator = app.user(&admin, "otto", "OPERATOR").await;
    let ban = "mutation { banIp(jail: \"sshd\", ip: \"192.0.2.1\") { ip } }";
    assert_eq!(code(&app.gql(&viewer, ban, json!({})).await), "FORBIDDEN");
    // An operator passes the role check and reaches fail2ban (absent here).
    assert_eq!(
        code(&app.gql(&operator, ban, json!({})).await),
        "FAIL2BAN_UNAVAILABLE"
    );
    let create = "mutation { createUser(username: \"x\", password: \"long enough password\", role: ADMIN) { id } }";
    assert_eq!(
        code(&app.gql(&operator, create, json!({})).await),
        "FORBIDDEN"
    );
    assert_eq!(
        code(&app.graphql(create, json!({})).await),
        "UNAUTHENTICATED"
    );
    let users = app
        .gql(&admin, "{ users { username role } }", json!({}))
        .await;
    assert_eq!(
        users["data"]["users"],
        json!([
            { "username": "admin", "role": "ADMIN" },
            { "username": "otto", "role": "OPERATOR" },
            { "username": "vera", "role": "VIEWER" }
        ])
    );
    app.stop().await;
}

#[tokio::test]
async fn the_last_admin_cannot_be_deleted_and_users_can_be() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let viewer = app.user(&admin, "vera", "VIEWER").await;
    let ids = app
        .gql(&admin, "{ users { id username } }", json!({}))
        .await;
    let id_of = |name: &str| {
        ids["data"]["users"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["username"] == name)
            .unwrap()["id"]
            .clone()
    };
    let del = "mutation($id: ID!) { deleteUser(id: $id) }";
    assert_eq!(
        code(&app.gql(&admin, del, json!({ "id": id_of("admin") })).await),
        "CONFLICT"
    );
    assert_eq!(
        app.gql(&admin, del, json!({ "id": id_of("vera") })).await,
        json!({ "data": { "deleteUser": true } })
    );
    // The deleted user's session is gone with it.
    assert_eq!(
        code(&app.gql(&viewer, "{ jails { name } }", json!({})).await),
        "UNAUTHENTICATED"
    );
    assert_eq!(
        code(&app.gql(&admin, del, json!({ "id": "abc" })).await),
        "BAD_USER_INPUT"
    );
    app.stop().await;
}

#[tokio::test]
async fn change_password_needs_the_current_one_and_ends_other_sessions() {
    let app = TestApp::spawn().await;
    let first = app.admin().await;
    let second = app
        .graphql(LOGIN, json!({ "u": "admin", "p": PASSWORD }))
        .await["data"]["login"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let change = "mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }";
    let wrong = app
        .gql(
            &first,
            change,
            json!({ "c": "not it at all", "n": "a brand new password" }),
        )
        .await;
    assert_eq!(code(&wrong), "BAD_USER_INPUT");
    let ok = app
        .gql(
            &first,
            change,
            json!({ "c": PASSWORD, "n": "a brand new password" }),
        )
        .await;
    assert_eq!(ok, json!({ "data": { "changePassword": true } }));
    assert!(
        app.gql(&first, "{ viewer { username } }", json!({})).await["data"]["viewer"].is_object()
    );
    assert_eq!(
        code(&app.gql(&second, "{ jails { name } }", json!({})).await),
        "UNAUTHENTICATED"
    );
    let relogin = app
        .graphql(LOGIN, json!({ "u": "admin", "p": "a brand new password" }))
        .await;
    assert!(relogin["data"]["login"]["token"].is_string());
    app.stop().await;
}

#[tokio::test]
async fn idle_sessions_expire() {
    let app = TestApp::spawn_with(
        crate::helpers::TestDb::sqlite(),
        None,
        &[("BANGUI_SESSION_IDLE_TIMEOUT_SECS", "2")],
    )
    .await;
    let token = app.admin().await;
    // Times are whole seconds: two of them leave the first request a second at least.
    assert!(
        app.gql(&token, "{ viewer { username } }", json!({})).await["data"]["viewer"].is_object()
    );
    tokio::time::sleep(std::time::Duration::from_millis(3100)).await;
    assert_eq!(
        code(&app.gql(&token, "{ jails { name } }", json!({})).await),
        "UNAUTHENTICATED"
    );
    app.stop().await;
}

#[tokio::test]
async fn cookie_sessions_follow_the_csrf_rules() {
    let app = TestApp::spawn().await;
    let token = app.admin().await;
    let cookie = format!("bangui_session={token}");
    let query = json!({ "query": "{ viewer { username } }" });
    let origin = format!("http://{}", app.addr);
    // Same origin, JSON: accepted.
    let ok: Value = app
        .client
        .post(app.url("/graphql"))
        .header("cookie", &cookie)
        .header("origin", &origin)
        .json(&query)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ok, json!({ "data": { "viewer": { "username": "admin" } } }));
    // Foreign origin: refused.
    let res = app
        .client
        .post(app.url("/graphql"))
        .header("cookie", &cookie)
        .header("origin", "https://evil.example")
        .json(&query)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let body: Value = res.json().await.unwrap();
    assert_eq!(code(&body), "FORBIDDEN");
    // Not JSON (a form post): refused.
    let res = app
        .client
        .post(app.url("/graphql"))
        .header("cookie", &cookie)
        .header("origin", &origin)
        .header("content-type", "application/graphql")
        .body("{ viewer { username } }")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    // A GET with the cookie may read but never mutate.
    let res: Value = app
        .client
        .get(app.url("/graphql?query=mutation%7Blogout%7D"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(code(&res), "GRAPHQL_VALIDATION_FAILED");
    assert_eq!(
        res["errors"][0]["message"],
        "mutations and subscriptions need POST"
    );
    app.stop().await;
}

#[tokio::test]
async fn every_mutation_is_audited_without_secrets() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    app.graphql(LOGIN, json!({ "u": "admin", "p": "a wrong password" }))
        .await;
    app.gql(
        &admin,
        "mutation { createUser(username: \"vera\", password: \"long enough password\", role: VIEWER) { id } }",
        json!({}),
    )
    .await;
    app.gql(
        &admin,
        "mutation { banIp(jail: \"sshd\", ip: \"not-an-ip\") { ip } }",
        json!({}),
    )
    .await;
    let log = app
        .gql(
            &admin,
            "{ auditLog(first: 10) { actor action target outcome } }",
            json!({}),
        )
        .await;
    assert_eq!(
        log["data"]["auditLog"],
        json!([
            { "actor": "admin", "action": "banIp", "target": "sshd/not-an-ip", "outcome": "BAD_USER_INPUT" },
            { "actor": "admin", "action": "createUser", "target": "vera", "outcome": "ok" },
            { "actor": "admin", "action": "login", "target": "127.0.0.1", "outcome": "UNAUTHENTICATED" },
            { "actor": "admin", "action": "setup", "target": "admin", "outcome": "ok" }
        ])
    );
    let text = log.to_string();
    assert!(!text.contains(PASSWORD) && !text.contains("a wrong password"));
    let older = app
        .gql(
            &admin,
            "{ auditLog(first: 2, after: \"3\") { action } }",
            json!({}),
        )
        .await;
    assert_eq!(
        older["data"]["auditLog"],
        json!([{ "action": "login" }, { "action": "setup" }])
    );
    app.stop().await;
}
