//! The pre-aggregated counts that `record_bans` writes per batch, against a
//! count of the bans: across batches and statements of every size, repeated
//! writes, several hosts, addresses whose country becomes known, and deletes.

use bangui_core::archive::{self, BATCH, NewBan, Origin};
use bangui_test_support::TestDb;
use bangui_test_support::rollups::compare;
use entity::ban_history;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};

use super::connect;

/// `count` bans from a fixed pseudo-random sequence: 400 addresses, each with
/// one country (or none), on three hosts, over ten days.
fn bans(seed: u64, count: usize) -> Vec<NewBan> {
    let mut state = seed;
    let mut next = |n: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n
    };
    let jails = ["sshd", "postfix", "recidive"];
    let countries = [Some("DE"), Some("CN"), None, Some("BR")];
    (0..count)
        .map(|_| {
            let n = next(400);
            NewBan {
                ip: format!("198.51.{}.{}", n / 200, n % 200),
                jail: jails[next(3) as usize].to_owned(),
                banned_at: 1_750_000_000 + next(10 * 86_400) as i64,
                ban_time: 600,
                ban_count: 1,
                origin: [Origin::Fail2ban, Origin::Manual][next(2) as usize],
                source_id: None,
                country_code: countries[(n % 4) as usize].map(str::to_owned),
                host_id: [archive::LOCAL_HOST_ID, 3, 8][next(3) as usize],
            }
        })
        .collect()
}

async fn assert_exact(db: &sea_orm::DatabaseConnection, backend: &str, stage: &str) {
    for check in compare(db).await.unwrap() {
        assert!(check.exact, "{backend}, {stage}: {} differs", check.table);
    }
}

#[tokio::test]
async fn batch_rollups_match_a_count_of_the_bans() {
    for test_db in TestDb::all().await {
        let db = connect(&test_db).await;
        let backend = test_db.backend;
        // One ban, a few, and more than a batch in one call.
        let all = bans(0x2545_f491_4f6c_dd1d, BATCH + 2_008);
        let mut written = 0;
        for part in [&all[..1], &all[1..8], &all[8..]] {
            written += archive::record_bans(&db, part).await.unwrap();
        }
        let rows = ban_history::Entity::find().count(&db).await.unwrap();
        assert_eq!(written, rows, "{backend}");
        assert_exact(&db, backend, "after the writes").await;

        // The same bans again add nothing.
        assert_eq!(archive::record_bans(&db, &all[..3_000]).await.unwrap(), 0);
        assert_exact(&db, backend, "after a repeated write").await;

        // An address without a country gets one, on every ban (the geolocation
        // backfill), and some bans go (retention).
        ban_history::Entity::update_many()
            .col_expr(
                ban_history::Column::CountryCode,
                sea_orm::sea_query::Expr::value("FR"),
            )
            .filter(ban_history::Column::Ip.eq("198.51.0.2"))
            .exec(&db)
            .await
            .unwrap();
        let doomed = "ip IN ('198.51.0.5', '198.51.1.7') OR host_id = 8 AND jail = 'postfix'";
        let expected = ban_history::Entity::find()
            .filter(sea_orm::sea_query::Expr::cust(doomed))
            .count(&db)
            .await
            .unwrap();
        let deleted = db
            .execute_unprepared(&format!("DELETE FROM ban_history WHERE {doomed}"))
            .await
            .unwrap()
            .rows_affected();
        assert_eq!(deleted, expected, "{backend}");
        assert!(expected > 100, "{backend}: {expected} to delete");
        assert_exact(&db, backend, "after a country change and deletes").await;

        // New bans on top of what is left.
        let left = ban_history::Entity::find().count(&db).await.unwrap();
        written = archive::record_bans(&db, &bans(0x9e37_79b9_7f4a_7c15, 3_000))
            .await
            .unwrap();
        let rows = ban_history::Entity::find().count(&db).await.unwrap();
        assert_eq!(written, rows - left, "{backend}");
        assert!(written > 2_000, "{backend}: {written} new");
        assert_exact(&db, backend, "after more writes").await;
    }
}

#[tokio::test]
async fn retention_removes_what_is_over_and_keeps_every_figure_exact() {
    use bangui_core::archive::retention::prune_before;
    use entity::kinds::EventKind;

    for test_db in TestDb::all().await {
        let db = connect(&test_db).await;
        let backend = test_db.backend;
        let mut all = bans(0x1234_5678_9abc_def1, 6_000);
        // Bans in force however old: permanent ones from the first day.
        all.extend((0..20).map(|i| NewBan {
            ip: format!("198.51.9.{i}"),
            jail: "recidive".to_owned(),
            banned_at: 1_750_000_000 + i,
            ban_time: -1,
            ban_count: 1,
            origin: Origin::Manual,
            source_id: None,
            country_code: None,
            host_id: archive::LOCAL_HOST_ID,
        }));
        archive::record_bans(&db, &all).await.unwrap();
        for ban in all.iter().step_by(97) {
            archive::record_unban(
                &db,
                ban.host_id,
                &ban.jail,
                &ban.ip,
                ban.banned_at + 30,
                Origin::Manual,
            )
            .await
            .unwrap();
        }
        let cutoff = 1_750_000_000 + 5 * 86_400;
        let now = bangui_core::time::now();
        let rows = ban_history::Entity::find().all(&db).await.unwrap();
        let over = |r: &ban_history::Model| {
            r.banned_at < cutoff
                && (r.kind != EventKind::Ban
                    || r.ended_at.is_some()
                    || r.expires_at.is_some_and(|e| e <= now))
        };
        let expected = rows.iter().filter(|r| over(r)).count() as u64;
        let unbans = rows
            .iter()
            .filter(|r| r.kind != EventKind::Ban && over(r))
            .count();
        assert!(
            expected > 2_500 && unbans > 5,
            "{backend}: {expected} over, {unbans} unbans"
        );
        let mut kept: Vec<i64> = rows.iter().filter(|r| !over(r)).map(|r| r.id).collect();
        kept.sort_unstable();

        // At most what it is told, then the rest; every figure stays exact.
        assert_eq!(
            prune_before(&db, cutoff, now, 2_500).await.unwrap(),
            2_500,
            "{backend}"
        );
        assert_exact(&db, backend, "after a bounded retention").await;
        assert_eq!(
            prune_before(&db, cutoff, now, u64::MAX).await.unwrap(),
            expected - 2_500,
            "{backend}"
        );
        assert_exact(&db, backend, "after the retention").await;
        let mut left: Vec<i64> = ban_history::Entity::find()
            .all(&db)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect();
        left.sort_unstable();
        assert_eq!(left, kept, "{backend}");
        assert_eq!(
            prune_before(&db, cutoff, now, u64::MAX).await.unwrap(),
            0,
            "{backend}"
        );
    }
}
