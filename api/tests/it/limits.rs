//! The API's defences against oversized, deep, alias-bombed and batched queries,
//! and introspection only for signed-in users.

use serde_json::{Value, json};

use crate::helpers::{TestApp, code};

#[tokio::test]
async fn deep_queries_are_refused() {
    let app = TestApp::spawn().await;
    let token = app.admin().await;
    let mut query = String::from("__typename");
    for _ in 0..15 {
        query =
            format!("__schema {{ queryType {{ fields {{ type {{ ofType {{ {query} }} }} }} }} }}");
    }
    let body = app.gql(&token, &format!("{{ {query} }}"), json!({})).await;
    assert_eq!(code(&body), "GRAPHQL_VALIDATION_FAILED", "{body}");
    app.stop().await;
}

/// The introspection query of graphql-js's `getIntrospectionQuery`, as the
/// playground and code generators send it, passes the depth limit.
#[tokio::test]
async fn the_standard_introspection_query_is_accepted() {
    let app = TestApp::spawn().await;
    let token = app.admin().await;
    let body = app
        .gql(&token, include_str!("introspection.graphql"), json!({}))
        .await;
    assert_eq!(body.get("errors"), None, "{body}");
    assert_eq!(body["data"]["__schema"]["queryType"]["name"], "Query");
    assert_eq!(
        body["data"]["__schema"]["subscriptionType"]["name"],
        "Subscription"
    );
    app.stop().await;
}

#[tokio::test]
async fn alias_bombs_are_refused() {
    let app = TestApp::spawn().await;
    let aliases: Vec<String> = (0..31)
        .map(|i| format!("a{i}: health {{ status }}"))
        .collect();
    let body = app
        .graphql(&format!("{{ {} }}", aliases.join(" ")), json!({}))
        .await;
    assert_eq!(code(&body), "GRAPHQL_VALIDATION_FAILED");
    assert_eq!(
        body["errors"][0]["message"],
        "too many aliases: at most 30 per request"
    );
    let fine: Vec<String> = (0..30).map(|i| format!("a{i}: setupRequired")).collect();
    let body = app
        .graphql(&format!("{{ {} }}", fine.join(" ")), json!({}))
        .await;
    assert_eq!(body["data"]["a29"], true);
    app.stop().await;
}

#[tokio::test]
async fn batches_hold_at_most_ten_operations() {
    let app = TestApp::spawn().await;
    let batch = |n: usize| -> Value {
        (0..n)
            .map(|_| json!({ "query": "{ setupRequired }" }))
            .collect()
    };
    let ok: Value = app
        .client
        .post(app.url("/graphql"))
        .json(&batch(10))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ok.as_array().map(Vec::len), Some(10));
    assert_eq!(ok[9], json!({ "data": { "setupRequired": true } }));
    let res = app
        .client
        .post(app.url("/graphql"))
        .json(&batch(11))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let body: Value = res.json().await.unwrap();
    assert_eq!(code(&body), "GRAPHQL_VALIDATION_FAILED");
    assert_eq!(
        body["errors"][0]["message"],
        "at most 10 operations per batch"
    );
    app.stop().await;
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let app = TestApp::spawn().await;
    let padding = " ".repeat(2 * 1024 * 1024);
    let res = app
        .client
        .post(app.url("/graphql"))
        .json(&json!({ "query": format!("{{ setupRequired {padding}}}") }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);
    app.stop().await;
}

#[tokio::test]
async fn introspection_needs_a_signed_in_user() {
    let app = TestApp::spawn().await;
    let anonymous = app
        .graphql("{ __schema { queryType { name } } }", json!({}))
        .await;
    assert_eq!(code(&anonymous), "UNAUTHENTICATED", "{anonymous}");
    assert_eq!(
        anonymous["errors"][0]["message"],
        "sign in to use introspection"
    );
    let token = app.admin().await;
    let signed_in = app
        .gql(&token, "{ __schema { queryType { name } } }", json!({}))
        .await;
    assert_eq!(
        signed_in,
        json!({ "data": { "__schema": { "queryType": { "name": "Query" } } } })
    );
    app.stop().await;
}

#[tokio::test]
async fn errors_never_leak_internals() {
    let app = TestApp::spawn().await;
    let token = app.admin().await;
    let bodies = [
        app.gql(
            &token,
            "{ bans(filter: { ip: \"' OR 1=1 --\" }) { totalCount } }",
            json!({}),
        )
        .await,
        app.gql(&token, "{ auditLog(after: \"x'\") { id } }", json!({}))
            .await,
        app.graphql(
            "mutation { login(username: \"admin\", password: \"nope nope nope\") { token } }",
            json!({}),
        )
        .await,
        app.gql(&token, "{ jails { name } }", json!({})).await,
    ];
    for body in bodies {
        let text = body.to_string().to_lowercase();
        for leak in [
            "select ",
            "sqlite",
            "argon2",
            "panicked",
            "/nonexistent",
            ".rs:",
            "backtrace",
        ] {
            assert!(!text.contains(leak), "{leak} leaked in {body}");
        }
        assert!(
            body["errors"][0]["extensions"]["code"].is_string(),
            "{body}"
        );
    }
    app.stop().await;
}
