//! Property-based fuzzing of what clients send: GraphQL request bodies over
//! HTTP and graphql-transport-ws messages. Whatever arrives, the server
//! answers with a coded error or a result, never an internal error, and stays
//! up. `make test` runs a few dozen cases; `make fuzz` (PROPTEST_CASES) more.

use std::time::{Duration, Instant};

use futures::{SinkExt, StreamExt};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

use crate::helpers::TestApp;

/// The codes a client may be answered with.
const CODES: &[&str] = &[
    "UNAUTHENTICATED",
    "FORBIDDEN",
    "BAD_USER_INPUT",
    "NOT_FOUND",
    "CONFLICT",
    "FAIL2BAN_UNAVAILABLE",
    "RATE_LIMITED",
    "GRAPHQL_VALIDATION_FAILED",
];

/// Cases per property: PROPTEST_CASES, else `default`.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Field names of the schema and a few that are not.
const NAMES: &[&str] = &[
    "__typename",
    "health",
    "status",
    "database",
    "ok",
    "viewer",
    "username",
    "role",
    "jails",
    "name",
    "bans",
    "nodes",
    "dashboard",
    "summary",
    "totalBans",
    "setupRequired",
    "__schema",
    "types",
    "nope",
];

/// GraphQL-shaped text: selections, aliases, arguments, fragments and
/// spreads nested at random, with stray punctuation now and then.
fn document() -> impl Strategy<Value = String> {
    let leaf = prop::sample::select(NAMES).prop_map(str::to_owned);
    let selection = leaf.prop_recursive(6, 200, 8, |inner| {
        prop_oneof![
            (
                prop::sample::select(NAMES),
                prop::collection::vec(inner.clone(), 1..6)
            )
                .prop_map(|(name, items)| format!("{name} {{ {} }}", items.join(" "))),
            (prop::sample::select(NAMES), inner.clone())
                .prop_map(|(alias, item)| format!("a{}: {item}", alias.len())),
            (prop::sample::select(NAMES), "[a-z0-9\"${}:, ]{0,12}")
                .prop_map(|(name, args)| format!("{name}({args})")),
            prop::sample::select(&["...F", "...G", "... on Query { __typename }"][..])
                .prop_map(str::to_owned),
        ]
    });
    let operation = prop::collection::vec(selection.clone(), 0..8)
        .prop_map(|items| format!("{{ {} }}", items.join(" ")));
    let fragments = prop::collection::vec((prop::sample::select(&["F", "G"][..]), selection), 0..3)
        .prop_map(|fs| {
            fs.into_iter()
                .map(|(name, body)| format!(" fragment {name} on Query {{ {body} }}"))
                .collect::<String>()
        });
    let noise = "[{}()\\[\\]:$@.a-z \"!=,]{0,40}";
    prop_oneof![
        4 => (prop::sample::select(&["", "query ", "mutation ", "subscription "][..]), operation, fragments)
            .prop_map(|(kind, op, fs)| format!("{kind}{op}{fs}")),
        1 => noise.prop_map(|s| s.to_owned()),
    ]
}

/// A request body: a GraphQL request with random variables, or any JSON.
fn body() -> impl Strategy<Value = Value> {
    let scalar = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        "[ -~]{0,20}".prop_map(Value::from),
    ];
    let value = scalar.prop_recursive(3, 30, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map("[a-z]{1,5}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    });
    prop_oneof![
        4 => (document(), prop::option::of(value.clone())).prop_map(|(q, v)| {
            let mut body = json!({ "query": q });
            if let Some(v) = v {
                body["variables"] = v;
            }
            body
        }),
        1 => value,
    ]
}

fn assert_answer(status: u16, text: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        [200, 400, 413, 415].contains(&status),
        "status {status}: {text}"
    );
    let answer: Value = serde_json::from_str(text)
        .map_err(|e| TestCaseError::fail(format!("not JSON ({e}): {text}")))?;
    coded(&answer["errors"], text)
}

/// Every error of a list carries one of the client codes.
fn coded(errors: &Value, text: &str) -> Result<(), TestCaseError> {
    for error in errors.as_array().into_iter().flatten() {
        let code = error["extensions"]["code"].as_str().unwrap_or("<none>");
        prop_assert!(CODES.contains(&code), "code {code}: {text}");
    }
    Ok(())
}

/// Fails with the runner's minimal case, else checks that the server still
/// answers and stops it.
fn finish<T: std::fmt::Debug>(
    rt: &tokio::runtime::Runtime,
    app: TestApp,
    outcome: Result<(), proptest::test_runner::TestError<T>>,
) {
    if let Err(e) = outcome {
        panic!("{e}");
    }
    let health = rt
        .block_on(app.client.get(app.url("/healthz")).send())
        .unwrap();
    assert_eq!(health.status(), 200);
    rt.block_on(app.stop());
}

#[test]
fn any_request_body_gets_a_coded_answer() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let app = rt.block_on(TestApp::spawn());
    let token = rt.block_on(app.admin());
    let mut runner = TestRunner::new(Config::with_cases(cases(96)));
    let outcome = runner.run(&(body(), any::<bool>()), |(body, signed_in)| {
        rt.block_on(async {
            let mut request = app.client.post(app.url("/graphql")).json(&body);
            if signed_in {
                request = request.bearer_auth(&token);
            }
            let started = Instant::now();
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            let text = response.text().await.unwrap();
            prop_assert!(
                started.elapsed() < Duration::from_secs(5),
                "{:?} for {body}",
                started.elapsed()
            );
            assert_answer(status, &text)
        })
    });
    finish(&rt, app, outcome);
}

/// A graphql-transport-ws message: the protocol's types with random ids and
/// payloads, or any text.
fn ws_message() -> impl Strategy<Value = String> {
    let kind = prop::sample::select(
        &[
            "connection_init",
            "ping",
            "pong",
            "subscribe",
            "complete",
            "next",
            "error",
            "bogus",
        ][..],
    );
    prop_oneof![
        4 => (kind, "[a-z0-9]{0,3}", document()).prop_map(|(kind, id, query)| {
            json!({ "type": kind, "id": id, "payload": { "query": query } }).to_string()
        }),
        1 => "[ -~]{0,60}".prop_map(|s| s.to_owned()),
    ]
}

#[test]
fn any_websocket_message_gets_a_protocol_answer() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let app = rt.block_on(TestApp::spawn());
    let token = rt.block_on(app.admin());
    let mut runner = TestRunner::new(Config::with_cases(cases(48)));
    let outcome = runner.run(&prop::collection::vec(ws_message(), 1..4), |messages| {
        rt.block_on(async {
            let mut socket = crate::ws::open(&app, None).await.unwrap();
            crate::ws::send(
                &mut socket,
                json!({ "type": "connection_init", "payload": { "token": token } }),
            )
            .await;
            let ack = crate::ws::next(&mut socket, Duration::from_secs(5)).await;
            prop_assert_eq!(ack.map(|m| m["type"].clone()), Ok(json!("connection_ack")));
            for message in &messages {
                if socket
                    .send(Message::Text(message.clone().into()))
                    .await
                    .is_err()
                {
                    break;
                }
            }
            // Whatever comes back within a moment is a protocol message or a
            // close with one of the protocol's codes.
            loop {
                let next = tokio::time::timeout(Duration::from_millis(300), socket.next()).await;
                match next {
                    Err(_) | Ok(None) => break,
                    Ok(Some(Err(e))) => {
                        return Err(TestCaseError::fail(format!("broken socket: {e}")));
                    }
                    Ok(Some(Ok(Message::Text(text)))) => {
                        let answer: Value = serde_json::from_str(&text)
                            .map_err(|e| TestCaseError::fail(format!("not JSON ({e}): {text}")))?;
                        coded(&answer["payload"]["errors"], &text)?;
                        if answer["type"] == "error" {
                            coded(&answer["payload"], &text)?;
                        }
                    }
                    Ok(Some(Ok(Message::Close(frame)))) => {
                        let code = frame.map_or(1005, |f| u16::from(f.code));
                        prop_assert!(
                            [1000, 1005, 1009, 4400, 4401, 4403, 4409, 4429].contains(&code),
                            "close {code} after {messages:?}"
                        );
                        break;
                    }
                    Ok(Some(Ok(_))) => {}
                }
            }
            Ok(())
        })
    });
    finish(&rt, app, outcome);
}
