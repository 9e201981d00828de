//! The archive sync against a fail2ban-shaped database: what it archives
//! (`archived.rs`) and the origin it records (`origin.rs`).

#![expect(clippy::unwrap_used, reason = "test set-up fails loudly")]

use std::path::Path;

use bangui_core::geo::{Geo, MmdbResolver};
use bangui_fail2ban::db::Fail2banDb;
use bangui_test_support::TestDb;
use bangui_test_support::fail2ban_db::Fail2banDbFixture;
use entity::ban_history;
use sea_orm::{DatabaseConnection, EntityTrait, QueryOrder};

mod archived;
mod origin;
mod rollups;

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
