//! The origin of a ban: a manual ban archived once, its origin kept across a
//! sync that stopped half-way.

use std::path::Path;

use bangui_core::archive::{self, NewBan, Origin};
use bangui_core::geo::{Geo, MmdbResolver};
use bangui_core::sync;
use bangui_fail2ban::db::Fail2banDb;
use bangui_test_support::TestDb;
use entity::ban_history;
use sea_orm::{DatabaseConnection, EntityTrait, QueryOrder};

use super::{Synced, connect, events, fail2ban_db};

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
        host_id: bangui_core::archive::LOCAL_HOST_ID,
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
        host_id: bangui_core::archive::LOCAL_HOST_ID,
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
            host_id: bangui_core::archive::LOCAL_HOST_ID,
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
