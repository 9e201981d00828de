//! What the sync archives: each ban once, unbans, expiries, early unbans and
//! bans after fail2ban restarts its numbering.

use std::collections::HashSet;

use bangui_core::archive::{self, NewBan, Origin};
use bangui_core::sync;
use entity::ban_history;
use sea_orm::{EntityTrait, QueryOrder};

use super::{Synced, events, expire_archived};

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
        host_id: bangui_core::archive::LOCAL_HOST_ID,
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
