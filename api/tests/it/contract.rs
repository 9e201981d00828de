//! The contract's nullability: `input BanFilter` by that name, and every
//! optional argument or input field with a default takes an explicit `null`
//! as that default.

use serde_json::json;

use crate::helpers::{TestApp, code, completed_run};

#[tokio::test]
async fn explicit_nulls_mean_the_defaults() {
    let app = TestApp::spawn_with(
        crate::helpers::TestDb::sqlite(),
        None,
        &[("BANGUI_BLOCKLIST_ALLOW_PRIVATE_URLS", "true")],
    )
    .await;
    let admin = app.admin().await;
    let body = app
        .gql(
            &admin,
            "query($f: BanFilter) { bans(first: 1, filter: $f) { totalCount } \
             dashboard(source: null) { banTrend(bucket: null) { count } topIps(limit: null) { ip } } }",
            json!({ "f": { "source": null, "jail": "sshd" } }),
        )
        .await;
    assert_eq!(body.get("errors"), None, "{body}");
    assert_eq!(body["data"]["bans"]["totalCount"], 0);
    assert_eq!(body["data"]["dashboard"]["banTrend"], json!([]));
    assert_eq!(body["data"]["dashboard"]["topIps"], json!([]));

    let made = app
        .gql(
            &admin,
            "mutation { createBlocklistSource(input: { name: \"drop\", url: \"http://127.0.0.1:9/x.txt\", \
             jail: \"blocklist\", enabled: null, intervalMinutes: null, allowlist: null }) \
             { id enabled intervalMinutes allowlist } }",
            json!({}),
        )
        .await;
    let source = &made["data"]["createBlocklistSource"];
    assert_eq!(source["enabled"], true, "{made}");
    assert_eq!(source["intervalMinutes"], 1440);
    assert_eq!(source["allowlist"], json!([]));
    let run = app
        .gql(
            &admin,
            "mutation($s: ID!) { importBlocklist(sourceId: $s, dryRun: null) { dryRun } }",
            json!({ "s": source["id"] }),
        )
        .await;
    assert_eq!(run["data"]["importBlocklist"]["dryRun"], false, "{run}");

    // The old input name is gone.
    let old = app
        .gql(
            &admin,
            "query($f: BanFilterInput) { bans(first: 1, filter: $f) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(code(&old), "GRAPHQL_VALIDATION_FAILED", "{old}");
    app.stop().await;
}

#[tokio::test]
async fn answers_follow_accept_as_graphql_over_http_asks() {
    let app = TestApp::spawn().await;
    let post = |accept: &'static str, query: &'static str| {
        app.client
            .post(app.url("/graphql"))
            .header("accept", accept)
            .json(&json!({ "query": query }))
            .send()
    };
    let refused = post("text/html", "{ __typename }").await.unwrap();
    assert_eq!(refused.status(), 406);
    let body: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(code(&body), "BAD_USER_INPUT");

    let broken = post("application/graphql-response+json", "{")
        .await
        .unwrap();
    assert_eq!(broken.status(), 400);
    assert_eq!(
        broken.headers()["content-type"],
        "application/graphql-response+json; charset=utf-8"
    );
    let body: serde_json::Value = broken.json().await.unwrap();
    assert_eq!(body.get("data"), None, "{body}");
    assert_eq!(
        body["errors"][0]["message"],
        "syntax error at line 1, column 2: expected selection"
    );
    assert_eq!(code(&body), "GRAPHQL_VALIDATION_FAILED");

    let legacy = post("application/json", "{").await.unwrap();
    assert_eq!(legacy.status(), 200);
    assert_eq!(
        legacy.headers()["content-type"],
        "application/json; charset=utf-8"
    );
    let ran = post("application/graphql-response+json", "{ __typename }")
        .await
        .unwrap();
    assert_eq!(ran.status(), 200);
    let body: serde_json::Value = ran.json().await.unwrap();
    assert_eq!(body, json!({ "data": { "__typename": "Query" } }));
    app.stop().await;
}

/// Every type, field, argument and enum value says what it is, and the schema
/// says what BanGUI is.
#[tokio::test]
async fn everything_in_the_schema_is_described() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let body = app
        .gql(
            &admin,
            "{ __schema { description types { name description \
               fields { name description args { name description } } \
               inputFields { name description } enumValues { name description } } } }",
            json!({}),
        )
        .await;
    let schema = &body["data"]["__schema"];
    assert_eq!(
        schema["description"],
        bangui_api::graphql::describe::DESCRIPTION
    );
    let described =
        |v: &serde_json::Value| v["description"].as_str().is_some_and(|d| !d.is_empty());
    let mut missing = Vec::new();
    for ty in schema["types"].as_array().unwrap() {
        let name = ty["name"].as_str().unwrap();
        if name.starts_with("__") || ["String", "Int", "Float", "Boolean", "ID"].contains(&name) {
            continue;
        }
        if !described(ty) {
            missing.push(name.to_owned());
        }
        for list in ["fields", "inputFields", "enumValues"] {
            for item in ty[list].as_array().into_iter().flatten() {
                let item_name = format!("{name}.{}", item["name"].as_str().unwrap());
                if !described(item) {
                    missing.push(item_name.clone());
                }
                for arg in item["args"].as_array().into_iter().flatten() {
                    if !described(arg) {
                        missing.push(format!("{item_name}({})", arg["name"].as_str().unwrap()));
                    }
                }
            }
        }
    }
    assert_eq!(missing, Vec::<String>::new());
    app.stop().await;
}

/// A page of runs with their sources and each source's latest run: every
/// value right, through the sources' and last runs' loaders.
#[tokio::test]
async fn a_page_of_runs_with_their_sources_and_last_runs() {
    use sea_orm::ActiveModelTrait;
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let mut sources = Vec::new();
    for name in ["a", "b", "c"] {
        sources.push(app.blocklist_source(&admin, name).await);
    }
    let db = &app.running.as_ref().unwrap().state.db;
    let mut runs = Vec::new();
    for n in 0..100 {
        let source = sources[n % 3];
        let run = completed_run(source, 1_700_000_000 + n as i64, None)
            .insert(db)
            .await
            .unwrap();
        runs.push((run.id, source));
    }
    let last_of = |source: i64| {
        runs.iter()
            .filter(|(_, s)| *s == source)
            .map(|(id, _)| *id)
            .max()
            .unwrap()
    };
    let body = app
        .gql(
            &admin,
            "{ importRuns(first: 100) { nodes { id source { id lastRun { id } } } } }",
            json!({}),
        )
        .await;
    let nodes = body["data"]["importRuns"]["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 100, "{body}");
    for node in nodes {
        let id: i64 = node["id"].as_str().unwrap().parse().unwrap();
        let source = runs.iter().find(|(r, _)| *r == id).unwrap().1;
        assert_eq!(node["source"]["id"], source.to_string());
        assert_eq!(node["source"]["lastRun"]["id"], last_of(source).to_string());
    }

    // The same page as the server runs it: one statement for the runs, one
    // for their sources, one for the sources' last runs.
    let state = app.running.as_ref().unwrap().state.clone();
    let schema =
        bangui_api::http::graphql::HttpSchema(bangui_api::graphql::build_bare(state.clone()));
    let budget = bangui_api::graphql::limits::SIGNED_IN;
    let auth = bangui_api::request::RequestAuth {
        credential: state.sessions.authenticate(&admin).await.unwrap(),
        token: Some(admin.clone()),
        via_cookie: false,
        client_addr: "127.0.0.1".to_owned(),
        user_agent: None,
        secure: false,
    };
    assert!(auth.credential.is_some());
    let mut request = async_graphql::Request::new(
        "{ importRuns(first: 100) { nodes { id source { id name lastRun { id status } } } } }",
    );
    let measured = bangui_api::graphql::limits::measure(&mut request, budget);
    let (response, statements) = bangui_core::statements::counted(
        bangui_api::http::graphql::execute(&schema, &state, &auth, request, measured),
    )
    .await;
    assert!(response.errors.is_empty(), "{:?}", response.errors);
    let page = response.data.into_json().unwrap();
    assert_eq!(page["importRuns"]["nodes"].as_array().unwrap().len(), 100);
    assert_eq!(statements, 3);

    // Every source with its last run: one statement each.
    let mut request = async_graphql::Request::new("{ blocklistSources { id lastRun { id } } }");
    let measured = bangui_api::graphql::limits::measure(&mut request, budget);
    let (response, statements) = bangui_core::statements::counted(
        bangui_api::http::graphql::execute(&schema, &state, &auth, request, measured),
    )
    .await;
    assert!(response.errors.is_empty(), "{:?}", response.errors);
    let listed = response.data.into_json().unwrap();
    let expected: Vec<_> = sources
        .iter()
        .map(|s| json!({ "id": s.to_string(), "lastRun": { "id": last_of(*s).to_string() } }))
        .collect();
    assert_eq!(listed["blocklistSources"], json!(expected));
    assert_eq!(statements, 2);
    app.stop().await;
}
