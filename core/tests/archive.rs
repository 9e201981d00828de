//! The archive sync against a fail2ban-shaped database.

#![expect(clippy::unwrap_used, reason = "test set-up fails loudly")]

use std::collections::HashSet;
use std::path::Path;

use bangui_core::archive::{self, NewBan, Origin};
use bangui_core::geo::{Geo, MmdbResolver};
use bangui_core::sync;
use bangui_fail2ban::db::Fail2banDb;
use bangui_test_support::TestDb;
use bangui_test_support::fail2ban_db::Fail2banDbFixture;
use entity::ban_history;
use sea_orm::{DatabaseConnection, EntityTrait, QueryOrder};

/// A migrated connection to `test_db`.
async fn connect(test_db: &TestDb) -> DatabaseConnection {
    let db = bangui_core::db::connect(&test_db.url).await.unwrap();
    bangui_core::db::migrate(&db).await.unwrap();
    db
}

/// A fail2ban-shaped database in `dir`.
async fn fail2ban_db(dir: &Path) -> Fail2banDbFixture {
    Fail2banDbFixture::create(&dir.join("fail2ban.sqlite3")).await
}

async fn events(db: &DatabaseConnection) -> Vec<(String, String, String, i64)> {
    ban_history::Entity::find()
        .order_by_asc(ban_history::Column::Id)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.kind.as_str().to_owned(), r.jail, r.ip, r.at))
        .collect()
}

/// Gives the archive's bans of `ip` the expiry `at`.
async fn expire_archived(db: &DatabaseConnection, ip: &str, at: i64) {
    bangui_core::db::retry_busy(|| {
        use sea_orm::{ColumnTrait, QueryFilter};
        ban_history::Entity::update_many()
            .col_expr(
                ban_history::Column::ExpiresAt,
                sea_orm::sea_query::Expr::value(at),
            )
            .filter(ban_history::Column::Ip.eq(ip))
            .exec(db)
    })
    .await
    .unwrap();
}

/// An archive, a fail2ban database to write rows into, and the sync's reader of it.
struct Synced {
    _test_db: TestDb,
    db: DatabaseConnection,
    f2b: Fail2banDbFixture,
    reader: Fail2banDb,
    geo: Geo,
}

impl Synced {
    async fn new(dir: &Path) -> Synced {
        let test_db = TestDb::sqlite();
        let db = connect(&test_db).await;
        let f2b = fail2ban_db(dir).await;
        let path = f2b.path.clone();
        let reader = Fail2banDb::open(&path).unwrap();
        let geo = Geo::new(MmdbResolver::open(dir.join("none.mmdb")), None, db.clone());
        Synced {
            _test_db: test_db,
            db,
            f2b,
            reader,
            geo,
        }
    }
}

#[tokio::test]
async fn sync_is_idempotent_and_records_unbans_and_expiries() {
    let dir = tempfile::tempdir().unwrap();
    let Synced {
        _test_db,
        db,
        f2b,
        reader,
        geo,
    } = Synced::new(dir.path()).await;
    let now = bangui_core::time::now();
    f2b.ban("sshd", "192.0.2.1", now - 100, 600).await;
    f2b.ban("sshd", "192.0.2.2", now - 90, 600).await;
    f2b.ban("web", "192.0.2.3", now - 80, -1).await;

    // A step that stops after one row; then the whole rest.
    assert_eq!(
        sync::sync_new_bans(&db, &reader, &geo, 1).await.unwrap(),
        (1, 1)
    );
    // A crash after writing the next rows but before moving the cursor: they
    // are written again by the next step and absorbed.
    let rerun = NewBan {
        ip: "192.0.2.2".into(),
        jail: "sshd".into(),
        banned_at: now - 90,
        ban_time: 600,
        ban_count: 1,
        origin: Origin::Fail2ban,
        source_id: None,
        country_code: None,
    };
    archive::record_bans(&db, &[rerun]).await.unwrap();
    // Two rows read, one of them new.
    assert_eq!(
        sync::sync_new_bans(&db, &reader, &geo, 100).await.unwrap(),
        (2, 1)
    );
    assert_eq!(
        sync::sync_new_bans(&db, &reader, &geo, 100).await.unwrap(),
        (0, 0)
    );
    assert_eq!(
        events(&db).await,
        vec![
            ("BAN".into(), "sshd".into(), "192.0.2.1".into(), now - 100),
            ("BAN".into(), "sshd".into(), "192.0.2.2".into(), now - 90),
            ("BAN".into(), "web".into(), "192.0.2.3".into(), now - 80),
        ]
    );

    // fail2ban lifts 192.0.2.1 early; 192.0.2.2 expired already (per its row).
    sqlx::query("DELETE FROM bips WHERE ip = '192.0.2.1'")
        .execute(&f2b.pool)
        .await
        .unwrap();
    for table in ["bans", "bips"] {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE {table} SET bantime = 30 WHERE ip = '192.0.2.2'"
        )))
        .execute(&f2b.pool)
        .await
        .unwrap();
    }
    expire_archived(&db, "192.0.2.2", now - 60).await;
    assert_eq!(sync::sync_ends(&db, &reader).await.unwrap(), 2);
    assert_eq!(sync::sync_ends(&db, &reader).await.unwrap(), 0);
    let all = events(&db).await;
    assert_eq!(all.len(), 5);
    let unbans: HashSet<(String, i64)> = all
        .iter()
        .filter(|e| e.0 == "UNBAN")
        .map(|e| (e.2.clone(), e.3))
        .collect();
    assert!(
        unbans.contains(&("192.0.2.2".to_owned(), now - 60)),
        "{unbans:?}"
    );
    assert!(
        unbans
            .iter()
            .any(|(ip, at)| ip == "192.0.2.1" && *at >= now),
        "{unbans:?}"
    );
}

/// Early unbans are looked for per jail, where fail2ban holds a different
/// number of bans than the archive has open.
#[tokio::test]
async fn early_unbans_are_found_per_jail() {
    let dir = tempfile::tempdir().unwrap();
    let Synced {
        _test_db,
        db,
        f2b,
        reader,
        geo,
    } = Synced::new(dir.path()).await;
    let now = bangui_core::time::now();
    f2b.ban("sshd", "192.0.2.1", now - 100, 600).await;
    f2b.ban("sshd", "192.0.2.2", now - 100, 600).await;
    f2b.ban("web", "198.51.100.1", now - 100, 600).await;
    f2b.ban("web", "198.51.100.2", now - 100, 600).await;
    assert_eq!(
        sync::sync_new_bans(&db, &reader, &geo, 100).await.unwrap(),
        (4, 4)
    );
    assert_eq!(sync::sync_ends(&db, &reader).await.unwrap(), 0);
    assert_eq!(sync::sync_ends(&db, &reader).await.unwrap(), 0);

    // The archive ends 198.51.100.1 at an expiry fail2ban has not reached.
    expire_archived(&db, "198.51.100.1", now - 1).await;
    assert_eq!(sync::sync_ends(&db, &reader).await.unwrap(), 1);

    // fail2ban lifts one ban in each jail. In web its count still equals the
    // archive's, so that unban is seen once fail2ban's copy of the other ends.
    let lift = |ip: &'static str| {
        let pool = f2b.pool.clone();
        async move {
            sqlx::query("DELETE FROM bips WHERE ip = ?")
                .bind(ip)
                .execute(&pool)
                .await
                .unwrap();
        }
    };
    lift("192.0.2.2").await;
    lift("198.51.100.2").await;
    assert_eq!(sync::sync_ends(&db, &reader).await.unwrap(), 1);
    lift("198.51.100.1").await;
    assert_eq!(sync::sync_ends(&db, &reader).await.unwrap(), 1);
    assert_eq!(sync::sync_ends(&db, &reader).await.unwrap(), 0);
    let open: Vec<String> = ban_history::Entity::find()
        .order_by_asc(ban_history::Column::Id)
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.kind == entity::kinds::EventKind::Ban && r.ended_at.is_none())
        .map(|r| r.ip)
        .collect();
    assert_eq!(open, vec!["192.0.2.1".to_owned()]);
}

/// fail2ban's purge can empty its table; SQLite then numbers new rows from 1
/// again, below the sync's cursor. They are archived all the same, once.
#[tokio::test]
async fn bans_after_a_purge_that_restarts_the_numbering_are_archived() {
    let dir = tempfile::tempdir().unwrap();
    let Synced {
        _test_db,
        db,
        f2b,
        reader,
        geo,
    } = Synced::new(dir.path()).await;
    let now = bangui_core::time::now();
    for (i, ip) in ["192.0.2.1", "192.0.2.2", "192.0.2.3"].iter().enumerate() {
        f2b.ban("sshd", ip, now - 500 + i as i64, 60).await;
    }
    assert_eq!(
        sync::sync_new_bans(&db, &reader, &geo, 100).await.unwrap(),
        (3, 3)
    );
    sqlx::query("DELETE FROM bans")
        .execute(&f2b.pool)
        .await
        .unwrap();
    assert_eq!(
        sync::sync_new_bans(&db, &reader, &geo, 100).await.unwrap(),
        (0, 0)
    );
    f2b.ban("sshd", "198.51.100.7", now - 10, 60).await;
    f2b.ban("sshd", "192.0.2.1", now - 5, 60).await;
    let rowids: Vec<i64> = sqlx::query_scalar("SELECT rowid FROM bans ORDER BY rowid")
        .fetch_all(&f2b.pool)
        .await
        .unwrap();
    assert_eq!(rowids, vec![1, 2]);
    assert_eq!(
        sync::sync_new_bans(&db, &reader, &geo, 100).await.unwrap(),
        (2, 2)
    );
    assert_eq!(
        sync::sync_new_bans(&db, &reader, &geo, 100).await.unwrap(),
        (0, 0)
    );
    let archived: Vec<(String, i64)> = events(&db)
        .await
        .into_iter()
        .map(|(_, _, ip, at)| (ip, at))
        .collect();
    assert_eq!(
        archived,
        vec![
            ("192.0.2.1".into(), now - 500),
            ("192.0.2.2".into(), now - 499),
            ("192.0.2.3".into(), now - 498),
            ("198.51.100.7".into(), now - 10),
            ("192.0.2.1".into(), now - 5),
        ]
    );
}

#[tokio::test]
async fn a_manual_ban_is_not_archived_twice_by_the_sync() {
    for test_db in TestDb::all().await {
        let dir = tempfile::tempdir().unwrap();
        one_row_per_ban(connect(&test_db).await, dir.path()).await;
    }
}

async fn one_row_per_ban(db: DatabaseConnection, dir: &Path) {
    let f2b = fail2ban_db(dir).await;
    let path = f2b.path.clone();
    let reader = Fail2banDb::open(&path).unwrap();
    let geo = Geo::new(MmdbResolver::open(dir.join("none.mmdb")), None, db.clone());
    let manual = NewBan {
        ip: "192.0.2.9".into(),
        jail: "sshd".into(),
        banned_at: 1_000,
        ban_time: 600,
        ban_count: 1,
        origin: Origin::Manual,
        source_id: None,
        country_code: None,
    };
    archive::record_bans(&db, std::slice::from_ref(&manual))
        .await
        .unwrap();
    f2b.ban("sshd", "192.0.2.9", 1_001, 600).await;
    assert_eq!(
        sync::sync_new_bans(&db, &reader, &geo, 100).await.unwrap(),
        (1, 0)
    );
    assert_eq!(events(&db).await.len(), 1);

    // The other order: the sync reads fail2ban's row first (the hook can run it
    // before `banip` returns); BanGUI's own write then only gives it its origin.
    f2b.ban("sshd", "192.0.2.10", 2_040, 600).await;
    assert_eq!(
        sync::sync_new_bans(&db, &reader, &geo, 100).await.unwrap(),
        (1, 1)
    );
    let blocklist = NewBan {
        ip: "192.0.2.10".into(),
        banned_at: 2_000,
        origin: Origin::Blocklist,
        source_id: Some(7),
        ..manual.clone()
    };
    assert_eq!(archive::record_bans(&db, &[blocklist]).await.unwrap(), 0);
    let rows = ban_history::Entity::find()
        .order_by_asc(ban_history::Column::Id)
        .all(&db)
        .await
        .unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        (
            rows[1].ip.as_str(),
            rows[1].banned_at,
            rows[1].origin.as_str(),
            rows[1].source_id
        ),
        ("192.0.2.10", 2_040, "BLOCKLIST", Some(7))
    );

    // Sixty seconds apart is the same ban; later, or after it ended, a new one.
    let later = NewBan {
        banned_at: 2_101,
        ..manual.clone()
    };
    let again = NewBan {
        ip: "192.0.2.10".into(),
        banned_at: 2_100,
        ..manual
    };
    assert_eq!(archive::record_bans(&db, &[again]).await.unwrap(), 0);
    assert_eq!(archive::record_bans(&db, &[later]).await.unwrap(), 1);
    assert_eq!(events(&db).await.len(), 3);
}

/// A sync stopped after it matched fail2ban's rows with BanGUI's notes but
/// before it archived them (the process killed) leaves the notes in place: the
/// next sync archives the bans under the noted origin, not as fail2ban's own.
#[tokio::test]
async fn a_sync_stopped_before_archiving_keeps_the_noted_origin() {
    use bangui_core::intent;
    let dir = tempfile::tempdir().unwrap();
    let Synced {
        _test_db,
        db,
        f2b,
        reader,
        geo,
    } = Synced::new(dir.path()).await;
    let now = bangui_core::time::now();
    let ips = vec!["192.0.2.44".to_owned(), "192.0.2.45".to_owned()];
    intent::declare(&db, "blocklist", &ips, Origin::Blocklist, Some(7))
        .await
        .unwrap();
    for ip in &ips {
        f2b.ban("blocklist", ip, now, 600).await;
    }
    // The interrupted sync: it labelled the rows, then stopped.
    let mut read: Vec<NewBan> = ips
        .iter()
        .map(|ip| NewBan {
            ip: ip.clone(),
            jail: "blocklist".into(),
            banned_at: now,
            ban_time: 600,
            ban_count: 1,
            origin: Origin::Fail2ban,
            source_id: None,
            country_code: None,
        })
        .collect();
    let noted = intent::label(&db, &mut read).await.unwrap();
    assert_eq!(noted.len(), 2);
    assert!(
        read.iter()
            .all(|b| b.origin == Origin::Blocklist && b.source_id == Some(7))
    );
    // The next sync reads the same rows and finds the notes.
    assert_eq!(
        sync::sync_new_bans(&db, &reader, &geo, 100).await.unwrap(),
        (2, 2)
    );
    let archived: Vec<(String, Origin, Option<i64>)> = ban_history::Entity::find()
        .order_by_asc(ban_history::Column::Id)
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.ip, r.origin, r.source_id))
        .collect();
    assert_eq!(
        archived,
        vec![
            ("192.0.2.44".to_owned(), Origin::Blocklist, Some(7)),
            ("192.0.2.45".to_owned(), Origin::Blocklist, Some(7)),
        ]
    );
    // The notes go once their bans are archived.
    use sea_orm::PaginatorTrait;
    assert_eq!(
        entity::ban_intent::Entity::find().count(&db).await.unwrap(),
        0
    );
}
