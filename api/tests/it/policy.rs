//! Every root field declares who may use it: walk the whole schema and call each
//! field anonymously and with each role.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::helpers::{TestApp, code};

/// Fields anyone may use.
const PUBLIC: &[&str] = &[
    "Query.health",
    "Query.setupRequired",
    "Query.viewer",
    "Mutation.setup",
    "Mutation.login",
];

/// What the role guard answers an anonymous caller.
const GUARD_MESSAGE: &str = "sign in to use this field";

/// The least role of each guarded field, per the API contract.
fn least_role(field: &str) -> &'static str {
    match field {
        "Mutation.banIp"
        | "Mutation.banIps"
        | "Mutation.unbanIp"
        | "Mutation.unbanIps"
        | "Mutation.banIpOnAllHosts"
        | "Mutation.importBlocklist" => "OPERATOR",
        "Query.users" | "Query.apiTokens" | "Query.auditLog" | "Query.blocklistSources" => "ADMIN",
        "Mutation.createUser"
        | "Mutation.deleteUser"
        | "Mutation.createApiToken"
        | "Mutation.revokeApiToken" => "ADMIN",
        "Mutation.updateJail"
        | "Mutation.addIgnoreIp"
        | "Mutation.removeIgnoreIp"
        | "Mutation.startJail" => "ADMIN",
        "Mutation.stopJail" | "Mutation.reloadFail2ban" => "ADMIN",
        "Mutation.createBlocklistSource"
        | "Mutation.updateBlocklistSource"
        | "Mutation.deleteBlocklistSource" => "ADMIN",
        "Query.filters" | "Query.testFilter" | "Query.configChanges" => "ADMIN",
        "Mutation.addAllowlistEntry"
        | "Mutation.removeAllowlistEntry"
        | "Mutation.createJail"
        | "Mutation.setJailEnabled"
        | "Mutation.deleteJail" => "ADMIN",
        "Mutation.addHost" | "Mutation.rotateAgentToken" | "Mutation.removeHost" => "ADMIN",
        "Query.notificationChannels" | "Query.notificationRules" | "Query.deliveries" => "ADMIN",
        "Mutation.createNotificationChannel"
        | "Mutation.updateNotificationChannel"
        | "Mutation.deleteNotificationChannel"
        | "Mutation.testNotificationChannel"
        | "Mutation.createNotificationRule"
        | "Mutation.updateNotificationRule"
        | "Mutation.deleteNotificationRule" => "ADMIN",
        _ => "VIEWER",
    }
}

/// A value of the given introspected type that passes validation.
fn sample(ty: &Value, inputs: &BTreeMap<String, Value>) -> String {
    match ty["kind"].as_str() {
        Some("NON_NULL") => sample(&ty["ofType"], inputs),
        Some("LIST") => "[]".to_owned(),
        Some("ENUM") => inputs[ty["name"].as_str().unwrap()]["enumValues"][0]["name"]
            .as_str()
            .unwrap()
            .to_owned(),
        Some("INPUT_OBJECT") => {
            let def = &inputs[ty["name"].as_str().unwrap()];
            let fields: Vec<String> = def["inputFields"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["type"]["kind"] == "NON_NULL")
                .map(|f| {
                    format!(
                        "{}: {}",
                        f["name"].as_str().unwrap(),
                        sample(&f["type"], inputs)
                    )
                })
                .collect();
            format!("{{{}}}", fields.join(", "))
        }
        _ => match ty["name"].as_str() {
            Some("Int") => "1".to_owned(),
            Some("Boolean") => "true".to_owned(),
            Some("DateTime") => "\"2026-01-01T00:00:00Z\"".to_owned(),
            _ => "\"1\"".to_owned(),
        },
    }
}

const INTROSPECT: &str = "{ __schema { types { name kind enumValues { name } inputFields { name type { kind name ofType { kind name ofType { kind name } } } } \
    fields { name args { name type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } \
    type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }";

/// Every root field with a call that selects `__typename` or a scalar.
fn root_calls(schema: &Value) -> Vec<(String, String)> {
    let types = schema["data"]["__schema"]["types"].as_array().unwrap();
    let inputs: BTreeMap<String, Value> = types
        .iter()
        .map(|t| (t["name"].as_str().unwrap().to_owned(), t.clone()))
        .collect();
    let mut calls = Vec::new();
    for (root, keyword) in [
        ("Query", "query"),
        ("Mutation", "mutation"),
        ("Subscription", "subscription"),
    ] {
        for field in inputs[root]["fields"].as_array().unwrap() {
            let name = field["name"].as_str().unwrap();
            let args: Vec<String> = field["args"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|a| a["type"]["kind"] == "NON_NULL")
                .map(|a| {
                    format!(
                        "{}: {}",
                        a["name"].as_str().unwrap(),
                        sample(&a["type"], &inputs)
                    )
                })
                .collect();
            let args = if args.is_empty() {
                String::new()
            } else {
                format!("({})", args.join(", "))
            };
            let mut inner = &field["type"];
            while inner["kind"] == "NON_NULL" || inner["kind"] == "LIST" {
                inner = &inner["ofType"];
            }
            let selection = if inner["kind"] == "OBJECT" {
                " { __typename }"
            } else {
                ""
            };
            calls.push((
                format!("{root}.{name}"),
                format!("{keyword} {{ {name}{args}{selection} }}"),
            ));
        }
    }
    calls
}

#[tokio::test]
async fn every_root_field_declares_its_role() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let viewer = app.user(&admin, "vera", "VIEWER").await;
    let operator = app.user(&admin, "otto", "OPERATOR").await;
    let schema = app.gql(&admin, INTROSPECT, json!({})).await;
    let calls = root_calls(&schema);
    assert!(calls.len() > 25, "{calls:?}");
    let state = app.running.as_ref().unwrap().state.clone();
    let gql_schema = bangui_api::graphql::build(Some(state));
    for (field, document) in calls {
        // Subscriptions are checked through the schema's stream API.
        let anonymous = if document.starts_with("subscription") {
            use futures::StreamExt;
            let mut stream = gql_schema.execute_stream(document.as_str());
            serde_json::to_value(stream.next().await.unwrap()).unwrap()
        } else {
            app.graphql(&document, json!({})).await
        };
        let guarded = anonymous["errors"][0]["message"] == GUARD_MESSAGE;
        if PUBLIC.contains(&field.as_str()) {
            assert!(!guarded, "{field} should be public: {anonymous}");
            continue;
        }
        assert!(guarded, "{field} has no guard: {anonymous}");
        assert_eq!(code(&anonymous), "UNAUTHENTICATED");
        // Subscriptions were checked above; logout would end the sessions used below.
        if document.starts_with("subscription") || field == "Mutation.logout" {
            continue;
        }
        let least = least_role(&field);
        let as_viewer = app.gql(&viewer, &document, json!({})).await;
        let as_operator = app.gql(&operator, &document, json!({})).await;
        match least {
            "VIEWER" => {
                assert_ne!(code(&as_viewer), "FORBIDDEN", "{field}: {as_viewer}");
            }
            "OPERATOR" => {
                assert_eq!(code(&as_viewer), "FORBIDDEN", "{field}: {as_viewer}");
                assert_ne!(code(&as_operator), "FORBIDDEN", "{field}: {as_operator}");
            }
            _ => {
                assert_eq!(code(&as_viewer), "FORBIDDEN", "{field}: {as_viewer}");
                assert_eq!(code(&as_operator), "FORBIDDEN", "{field}: {as_operator}");
            }
        }
    }
    app.stop().await;
}

/// Object types only an ADMIN may read, wherever they are reached from.
const ADMIN_ONLY_TYPES: &[&str] = &[
    "ApiToken",
    "ApiTokenPayload",
    "AuditEntry",
    "AgentEnrollment",
];

/// The named type inside lists and non-nulls.
fn named(ty: &Value) -> &str {
    let mut inner = ty;
    while inner["kind"] == "NON_NULL" || inner["kind"] == "LIST" {
        inner = &inner["ofType"];
    }
    inner["name"].as_str().unwrap_or_default()
}

/// Every object type reachable from `root` through fields, `root` included.
fn reachable(types: &BTreeMap<String, Value>, root: &str) -> std::collections::BTreeSet<String> {
    let mut seen = std::collections::BTreeSet::new();
    let mut next = vec![root.to_owned()];
    while let Some(name) = next.pop() {
        let Some(ty) = types.get(&name) else { continue };
        if ty["kind"] != "OBJECT" || !seen.insert(name) {
            continue;
        }
        for field in ty["fields"].as_array().into_iter().flatten() {
            next.push(named(&field["type"]).to_owned());
        }
    }
    seen
}

/// Nested fields carry the guard of their data: a VIEWER or OPERATOR root
/// field leads to no type that only an ADMIN may read, however deep.
#[tokio::test]
async fn no_viewer_path_reaches_admin_only_types() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let schema = app.gql(&admin, INTROSPECT, json!({})).await;
    let types: BTreeMap<String, Value> = schema["data"]["__schema"]["types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["name"].as_str().unwrap().to_owned(), t.clone()))
        .collect();
    let mut walked = 0;
    for root in ["Query", "Subscription"] {
        for field in types[root]["fields"].as_array().unwrap() {
            let name = format!("{root}.{}", field["name"].as_str().unwrap());
            if least_role(&name) == "ADMIN" {
                continue;
            }
            let found = reachable(&types, named(&field["type"]));
            let leaks: Vec<&&str> = ADMIN_ONLY_TYPES
                .iter()
                .filter(|t| found.contains(**t))
                .collect();
            assert!(leaks.is_empty(), "{name} reaches {leaks:?}");
            walked += found.len();
        }
    }
    assert!(walked > 30, "{walked}");
    // The walk does find them from the fields that may show them.
    assert!(reachable(&types, "AuditEntry").contains("AuditEntry"));
    assert!(reachable(&types, "ApiTokenPayload").contains("ApiToken"));
    app.stop().await;
}
