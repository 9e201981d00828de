//! API tokens, roles, the management of users and the audit log.

use serde_json::{Value, json};

use crate::accounts::LOGIN;
use crate::helpers::{PASSWORD, TestApp, code};

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
    let details = app
        .gql(&admin, "{ auditLog(first: 4) { details } }", json!({}))
        .await;
    let parsed: Vec<Option<Value>> = details["data"]["auditLog"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            e["details"]
                .as_str()
                .map(|d| serde_json::from_str(d).unwrap())
        })
        .collect();
    assert_eq!(
        parsed,
        vec![
            None,
            Some(json!({ "role": { "old": null, "new": "VIEWER" } })),
            None,
            Some(json!({ "role": { "old": null, "new": "ADMIN" } })),
        ]
    );
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
