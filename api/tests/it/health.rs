//! Liveness, readiness, metrics and the health query.

use serde_json::{Value, json};

use crate::helpers::{TestApp, TestDb};

#[tokio::test]
async fn healthz_answers_ok() {
    let app = TestApp::spawn().await;
    let res = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.json::<Value>().await.unwrap(),
        json!({ "status": "ok" })
    );
    app.stop().await;
}

#[tokio::test]
async fn readyz_reports_database_and_fail2ban_on_every_backend() {
    for db in TestDb::all().await {
        let backend = db.backend;
        let app = TestApp::spawn_on(db).await;
        let res = app.client.get(app.url("/readyz")).send().await.unwrap();
        assert_eq!(res.status(), 200, "{backend}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["status"], "ok");
        assert_eq!(
            body["database"],
            json!({ "ok": true, "backend": backend, "diskFull": false })
        );
        assert_eq!(body["fail2ban"]["reachable"], false);
        app.stop().await;
    }
}

#[tokio::test]
async fn readyz_is_503_when_the_database_does_not_answer() {
    let app = TestApp::spawn().await;
    let state = app.running.as_ref().unwrap().state.clone();
    state.db.clone().close().await.unwrap();
    let res = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(res.status(), 503);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status"], "degraded");
    assert_eq!(body["database"]["ok"], false);
    app.stop().await;
}

#[tokio::test]
async fn health_query_over_post_and_get() {
    let app = TestApp::spawn().await;
    let body = app
        .graphql(
            "{ health { status version database { ok backend } fail2ban { reachable jails } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        body,
        json!({ "data": { "health": {
            "status": "ok",
            "version": env!("CARGO_PKG_VERSION"),
            "database": { "ok": true, "backend": "sqlite" },
            "fail2ban": { "reachable": false, "jails": [] }
        } } })
    );
    let get: Value = app
        .client
        .get(app.url("/graphql?query=%7Bhealth%7Bstatus%7D%7D"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(get, json!({ "data": { "health": { "status": "ok" } } }));
    app.stop().await;
}

#[tokio::test]
async fn invalid_query_gets_validation_code() {
    let app = TestApp::spawn().await;
    let body = app.graphql("{ nope }", json!({})).await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"],
        "GRAPHQL_VALIDATION_FAILED"
    );
    assert_eq!(
        body["errors"][0]["message"],
        "Unknown field \"nope\" on type \"Query\"."
    );
    let body = app.graphql("{ health { ", json!({})).await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"],
        "GRAPHQL_VALIDATION_FAILED"
    );
    app.stop().await;
}

#[tokio::test]
async fn metrics_count_requests_by_route() {
    let app = TestApp::spawn().await;
    for _ in 0..3 {
        app.client.get(app.url("/healthz")).send().await.unwrap();
    }
    let res = app.client.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let text = res.text().await.unwrap();
    assert!(
        text.contains(
            "bangui_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 3"
        ),
        "{text}"
    );
    assert!(
        text.contains("# TYPE bangui_http_request_duration_seconds histogram"),
        "{text}"
    );
    app.stop().await;
}

#[tokio::test]
async fn dashboard_route_explains_when_not_built() {
    let app = TestApp::spawn().await;
    let res = app.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(res.status(), 404);
    assert_eq!(
        res.text().await.unwrap(),
        "The web dashboard is not built: run `make web`, or use the API at /graphql.\n"
    );
    app.stop().await;
}

#[tokio::test]
async fn playground_is_for_signed_in_users() {
    let app = TestApp::spawn().await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = client.get(app.url("/playground")).send().await.unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/login?next=/playground");
    let token = app.admin().await;
    let res = client
        .get(app.url("/playground"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    assert_eq!(
        res.text().await.unwrap(),
        "The playground is part of the web dashboard, which is not built: run `make web`.\n"
    );
    app.stop().await;
}
