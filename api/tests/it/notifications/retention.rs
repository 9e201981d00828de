//! Deliveries older than `BANGUI_DELIVERY_RETENTION_DAYS` are removed once
//! done, with the queue's records of their attempts; unfinished ones stay,
//! however old, and so do recent ones.

use std::time::{Duration, Instant};

use bangui_test_support::receiver::Receiver;
use sea_orm::{ConnectionTrait, DbBackend};
use serde_json::{Value, json};

use super::{channel, settled, test_message};
use crate::helpers::{TestApp, TestDb};

const SETTINGS: [(&str, &str); 4] = [
    ("BANGUI_NOTIFY_ALLOW_PRIVATE_URLS", "true"),
    ("BANGUI_NOTIFY_RETRY_BASE_SECS", "600"),
    ("BANGUI_NOTIFY_ATTEMPTS", "3"),
    ("BANGUI_DELIVERY_RETENTION_DAYS", "1"),
];

/// The queue's records of attempts: how many of each status.
async fn jobs(db: &sea_orm::DatabaseConnection) -> Vec<(String, i64)> {
    let backend = db.get_database_backend();
    let table = if backend == DbBackend::Postgres {
        "apalis.jobs"
    } else {
        "Jobs"
    };
    let sql = format!(
        "SELECT status, COUNT(*) FROM {table} WHERE job_type = 'bangui-deliveries' GROUP BY status ORDER BY status"
    );
    db.query_all_raw(sea_orm::Statement::from_string(backend, sql))
        .await
        .unwrap()
        .iter()
        .map(|row| {
            (
                row.try_get_by_index::<String>(0).unwrap(),
                row.try_get_by_index::<i64>(1).unwrap(),
            )
        })
        .collect()
}

fn counts(pairs: &[(&str, i64)]) -> Vec<(String, i64)> {
    pairs.iter().map(|(s, n)| ((*s).to_owned(), *n)).collect()
}

async fn listed(app: &TestApp, admin: &str) -> Vec<(String, String)> {
    let body = app
        .gql(
            admin,
            "{ deliveries(first: 50) { nodes { id status } } }",
            json!({}),
        )
        .await;
    body["data"]["deliveries"]["nodes"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .iter()
        .map(|d: &Value| {
            (
                d["id"].as_str().unwrap().to_owned(),
                d["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn old_finished_deliveries_and_their_jobs_are_removed() {
    for test_db in TestDb::all().await {
        let backend_name = test_db.backend;
        let receiver = Receiver::start().await;
        let app = TestApp::spawn_with(test_db, None, &SETTINGS).await;
        let admin = app.admin().await;
        let id = channel(
            &app,
            &admin,
            json!({ "name": "hook", "kind": "WEBHOOK", "target": receiver.url("/hook") }),
        )
        .await;
        let mut delivered = Vec::new();
        for _ in 0..3 {
            let delivery = test_message(&app, &admin, &id).await;
            assert_eq!(
                settled(&app, &admin, &delivery).await["status"],
                "DELIVERED"
            );
            delivered.push(delivery);
        }
        // A fourth is refused once and waits ten minutes for its retry.
        receiver.answer(&[503]);
        let retrying = test_message(&app, &admin, &id).await;
        let started = Instant::now();
        while !listed(&app, &admin)
            .await
            .contains(&(retrying.clone(), "RETRYING".to_owned()))
        {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "{backend_name}: no retry"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }

        // Once the queue has recorded the first attempt of the fourth as
        // done, the first two and the retrying one were made two days ago,
        // and every finished attempt ended then.
        let db = app.running.as_ref().unwrap().state.db.clone();
        let backend = db.get_database_backend();
        let started = Instant::now();
        loop {
            let now = jobs(&db).await;
            if now == counts(&[("Done", 4), ("Pending", 1)]) {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "{backend_name}: {now:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let old = format!("{}, {}, {retrying}", delivered[0], delivered[1]);
        db.execute_unprepared(&format!(
            "UPDATE delivery SET created_at = created_at - 172800 WHERE id IN ({old})"
        ))
        .await
        .unwrap();
        db.execute_unprepared(if backend == DbBackend::Postgres {
            "UPDATE apalis.jobs SET done_at = done_at - interval '2 days' WHERE job_type = 'bangui-deliveries' AND done_at IS NOT NULL"
        } else {
            "UPDATE Jobs SET done_at = done_at - 172800 WHERE job_type = 'bangui-deliveries' AND done_at IS NOT NULL"
        })
        .await
        .unwrap();

        // The next start removes what is past the retention.
        let (test_db, _) = app.stop_keeping().await;
        let app = TestApp::spawn_with(test_db, None, &SETTINGS).await;
        let login = app
            .graphql(
                "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }",
                json!({ "u": "admin", "p": crate::helpers::PASSWORD }),
            )
            .await;
        let admin = login["data"]["login"]["token"].as_str().unwrap().to_owned();
        let expected = vec![
            (retrying.clone(), "RETRYING".to_owned()),
            (delivered[2].clone(), "DELIVERED".to_owned()),
        ];
        let started = Instant::now();
        loop {
            let left = listed(&app, &admin).await;
            if left == expected {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "{backend_name}: {left:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let db = app.running.as_ref().unwrap().state.db.clone();
        assert_eq!(jobs(&db).await, counts(&[("Pending", 1)]), "{backend_name}");
        assert_eq!(receiver.received().len(), 4, "{backend_name}");
        app.stop().await;
    }
}
