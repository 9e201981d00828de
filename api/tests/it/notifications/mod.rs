//! Notifications against real receivers on loopback: every channel kind's
//! request checked (method, headers, signature, body), retries with one
//! delivery id, failures after the last attempt, the outbound policy, and
//! ban rules coalesced per rule and channel, and deliveries that survive
//! a SIGKILL, with two instances on PostgreSQL sending each message once.

mod channels;
mod crash;
mod email;
mod flood;
mod instances;
mod retention;
mod rules;

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::helpers::TestApp;

/// Settings that let channels reach the receivers on loopback and retry fast.
pub(super) const LOOPBACK: [(&str, &str); 3] = [
    ("BANGUI_NOTIFY_ALLOW_PRIVATE_URLS", "true"),
    ("BANGUI_NOTIFY_RETRY_BASE_SECS", "1"),
    ("BANGUI_NOTIFY_ATTEMPTS", "3"),
];

/// Creates a channel; returns its id.
pub(super) async fn channel(app: &TestApp, admin: &str, input: Value) -> String {
    let body = app
        .gql(
            admin,
            "mutation($i: NotificationChannelInput!) { createNotificationChannel(input: $i) { id } }",
            json!({ "i": input }),
        )
        .await;
    body["data"]["createNotificationChannel"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"))
        .to_owned()
}

/// Sends a test message; returns the delivery's id.
pub(super) async fn test_message(app: &TestApp, admin: &str, id: &str) -> String {
    let body = app
        .gql(
            admin,
            "mutation($id: ID!) { testNotificationChannel(id: $id) { id status attempts trigger rule { id } } }",
            json!({ "id": id }),
        )
        .await;
    let delivery = &body["data"]["testNotificationChannel"];
    assert_eq!(
        (
            &delivery["status"],
            &delivery["attempts"],
            &delivery["trigger"],
            &delivery["rule"]
        ),
        (&json!("PENDING"), &json!(0), &json!("TEST"), &Value::Null),
        "{body}"
    );
    delivery["id"].as_str().unwrap().to_owned()
}

/// Waits until delivery `id` is DELIVERED or FAILED; returns it.
pub(super) async fn settled(app: &TestApp, admin: &str, id: &str) -> Value {
    let started = Instant::now();
    loop {
        let body = app
            .gql(
                admin,
                "{ deliveries(first: 100) { nodes { id status attempts error deliveredAt channel { name } } } }",
                json!({}),
            )
            .await;
        let found = body["data"]["deliveries"]["nodes"]
            .as_array()
            .unwrap_or_else(|| panic!("{body}"))
            .iter()
            .find(|d| d["id"] == id)
            .cloned();
        if let Some(d) = found
            && (d["status"] == "DELIVERED" || d["status"] == "FAILED")
        {
            return d;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "delivery {id} did not settle: {body}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
