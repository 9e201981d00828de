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
