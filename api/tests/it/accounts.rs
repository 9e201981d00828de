//! First-run setup, sign-in, sessions, API tokens, roles and the audit log.

use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp, code};

pub(crate) const LOGIN: &str = "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token expiresAt user { username role } } }";

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
