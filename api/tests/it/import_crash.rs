//! A worker killed with SIGKILL in the middle of an import: the next worker marks
//! the run FAILED, the next run completes it, and fail2ban and the archive end
//! with every listed address exactly once.

use std::collections::BTreeSet;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::get;
use bangui_core::blocklist::queue;
use bangui_test_support::Sandbox;
use entity::{ban_history, blocklist_ip, blocklist_source, import_run};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QuerySelect, Set,
};

use crate::helpers::TestDb;

/// Addresses in the list: about 14 s of fail2ban's dummy action, in batches.
const LISTED: usize = 3_000;

/// A `bangui worker` process, killed when dropped.
struct Worker(Child);

impl Worker {
    fn start(db: &TestDb, sandbox: &Sandbox) -> Worker {
        let child = Command::new(env!("CARGO_BIN_EXE_bangui"))
            .arg("worker")
            .env("BANGUI_DATABASE_URL", &db.url)
            .env("BANGUI_FAIL2BAN_SOCKET", sandbox.socket())
            .env("BANGUI_FAIL2BAN_DB", sandbox.db_file())
            .env("BANGUI_FAIL2BAN_CONFIG_DIR", sandbox.dir().join("etc"))
            .env("BANGUI_BLOCKLIST_ALLOW_PRIVATE_URLS", "true")
            .env("BANGUI_SYNC_INTERVAL_SECS", "1")
            .env("BANGUI_WEB_DIR", "/nonexistent/web")
            .spawn()
            .expect("bangui worker starts");
        Worker(child)
    }

    fn kill(&mut self) {
        // Child::kill sends SIGKILL.
        self.0.kill().expect("SIGKILL");
        self.0.wait().expect("reaped");
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn listed() -> Vec<String> {
    (0..LISTED)
        .map(|i| format!("45.{}.{}.{}", 10 + i / 60_000, (i / 250) % 240, 1 + i % 250))
        .collect()
}

async fn serve(body: String) -> String {
    let app = Router::new().route("/list.txt", get(move || async move { body }));
    bangui_test_support::lists::serve(app).await + "/list.txt"
}

fn banned(sandbox: &Sandbox) -> BTreeSet<String> {
    sandbox
        .client(&["get", "blocklist", "banip"])
        .unwrap()
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

/// Waits until `check` holds, polling every 100 ms.
async fn wait_for<F, Fut>(what: &str, limit: Duration, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let started = Instant::now();
    while !check().await {
        assert!(started.elapsed() < limit, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn run_of(db: &DatabaseConnection, id: i64) -> import_run::Model {
    queue::get(db, id).await.unwrap()
}

#[tokio::test]
async fn a_killed_import_is_finished_by_the_next_run_without_duplicates() {
    let test_db = TestDb::sqlite();
    let db = bangui_core::db::connect(&test_db.url).await.unwrap();
    bangui_core::db::migrate(&db).await.unwrap();
    let sandbox = Sandbox::start().unwrap();
    let addresses = listed();
    let url = serve(addresses.join("\n")).await;
    let now = bangui_core::time::now();
    let source = blocklist_source::ActiveModel {
        name: Set("attackers".into()),
        url: Set(url),
        jail: Set("blocklist".into()),
        enabled: Set(false),
        interval_minutes: Set(1440),
        allowlist: Set("[]".into()),
        unban_removed: Set(false),
        etag: Set(None),
        last_modified: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        host_id: Set(bangui_core::archive::LOCAL_HOST_ID),
        ..Default::default()
    }
    .insert(&db)
    .await
    .unwrap();

    // The first worker gets part of the way, then dies without a word.
    let first = queue::request(&db, source.id, false).await.unwrap();
    let mut worker = Worker::start(&test_db, &sandbox);
    wait_for("bans to start", Duration::from_secs(60), || async {
        run_of(&db, first.id).await.new_bans >= 300
    })
    .await;
    worker.kill();
    let killed = run_of(&db, first.id).await;
    assert_eq!(killed.status, bangui_core::blocklist::ImportStatus::Running);
    assert!(
        (killed.new_bans as usize) < LISTED,
        "killed too late: {killed:?}"
    );

    // fail2ban finishes the command it was given; wait until its count settles.
    let mut before = banned(&sandbox).len();
    loop {
        tokio::time::sleep(Duration::from_millis(1_500)).await;
        let now = banned(&sandbox).len();
        if now == before {
            break;
        }
        before = now;
    }
    assert!(before > 0 && before < LISTED, "{before} banned at the kill");

    // The next worker gives the silent run up and completes a new one.
    let second = queue::request(&db, source.id, false).await.unwrap();
    let _worker = Worker::start(&test_db, &sandbox);
    wait_for("the second run", Duration::from_secs(120), || async {
        run_of(&db, second.id).await.status.is_finished()
    })
    .await;
    let failed = run_of(&db, first.id).await;
    assert_eq!(failed.status, bangui_core::blocklist::ImportStatus::Failed);
    assert_eq!(
        failed.error.as_deref(),
        Some("interrupted: the worker stopped before the import finished")
    );
    let done = run_of(&db, second.id).await;
    assert_eq!(
        done.status,
        bangui_core::blocklist::ImportStatus::Completed,
        "{done:?}"
    );
    assert_eq!(done.valid_ips, LISTED as i64);
    assert_eq!(done.already_banned, before as i64);
    assert_eq!(done.new_bans, (LISTED - before) as i64);
    assert_eq!(done.content_hash, killed.content_hash);

    // None lost, none twice: fail2ban holds the list, the archive one ban each.
    let want: BTreeSet<String> = addresses.iter().cloned().collect();
    assert_eq!(banned(&sandbox), want);
    wait_for(
        "the archive to catch up",
        Duration::from_secs(30),
        || async {
            ban_history::Entity::find()
                .filter(ban_history::Column::Jail.eq("blocklist"))
                .filter(ban_history::Column::Kind.eq("BAN"))
                .count(&db)
                .await
                .unwrap()
                >= LISTED as u64
        },
    )
    .await;
    // One more sync period: a duplicate written late would show now.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let archived: Vec<(String, String, Option<i64>)> = ban_history::Entity::find()
        .filter(ban_history::Column::Jail.eq("blocklist"))
        .filter(ban_history::Column::Kind.eq("BAN"))
        .select_only()
        .column(ban_history::Column::Ip)
        .column(ban_history::Column::Origin)
        .column(ban_history::Column::SourceId)
        .into_tuple()
        .all(&db)
        .await
        .unwrap();
    assert_eq!(archived.len(), LISTED);
    // Bans fail2ban made for the killed worker keep their origin too.
    let foreign: Vec<&(String, String, Option<i64>)> = archived
        .iter()
        .filter(|(_, origin, from)| origin != "BLOCKLIST" || *from != Some(source.id))
        .collect();
    assert_eq!(foreign, Vec::<&(String, String, Option<i64>)>::new());
    assert_eq!(
        archived
            .into_iter()
            .map(|(ip, _, _)| ip)
            .collect::<BTreeSet<_>>(),
        want
    );
    let provenance = blocklist_ip::Entity::find()
        .filter(blocklist_ip::Column::SourceId.eq(source.id))
        .count(&db)
        .await
        .unwrap();
    assert_eq!(provenance, LISTED as u64);
}
