//! The archive sync against a fail2ban-shaped database, and every dashboard
//! aggregation against a brute-force computation on random data.

#![expect(clippy::unwrap_used, reason = "test set-up fails loudly")]

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use bangui_core::archive::{self, NewBan, Origin};
use bangui_core::bans::Source;
use bangui_core::dashboard::{Bucket, Dashboard, Scope};
use bangui_core::geo::{Geo, MmdbResolver};
use bangui_core::sync;
use bangui_fail2ban::db::Fail2banDb;
use entity::ban_history;
use sea_orm::{DatabaseConnection, EntityTrait, QueryOrder};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool};

async fn database(dir: &Path) -> DatabaseConnection {
    let db = bangui_core::db::connect(&format!("sqlite://{}/a.db", dir.display()))
        .await
        .unwrap();
    bangui_core::db::migrate(&db).await.unwrap();
    db
}

async fn fail2ban_db(dir: &Path) -> (PathBuf, SqlitePool) {
    let path = dir.join("fail2ban.sqlite3");
    let pool = SqlitePool::connect_with(
        SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))
            .unwrap()
            .create_if_missing(true),
    )
    .await
    .unwrap();
    for sql in [
        "CREATE TABLE bans(jail TEXT NOT NULL, ip TEXT, timeofban INTEGER NOT NULL, bantime INTEGER NOT NULL, bancount INTEGER NOT NULL default 1, data JSON)",
        "CREATE TABLE bips(ip TEXT NOT NULL, jail TEXT NOT NULL, timeofban INTEGER NOT NULL, bantime INTEGER NOT NULL, bancount INTEGER NOT NULL default 1, data JSON, PRIMARY KEY(ip, jail))",
    ] {
        sqlx::query(sql).execute(&pool).await.unwrap();
    }
    (path, pool)
}

async fn ban(pool: &SqlitePool, jail: &str, ip: &str, at: i64, bantime: i64) {
    sqlx::query("INSERT INTO bans VALUES (?, ?, ?, ?, 1, NULL)")
        .bind(jail)
        .bind(ip)
        .bind(at)
        .bind(bantime)
        .execute(pool)
        .await
        .unwrap();
    sqlx::query("INSERT OR REPLACE INTO bips VALUES (?, ?, ?, ?, 1, NULL)")
        .bind(ip)
        .bind(jail)
        .bind(at)
        .bind(bantime)
        .execute(pool)
        .await
        .unwrap();
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
    db: DatabaseConnection,
    pool: SqlitePool,
    reader: Fail2banDb,
    geo: Geo,
}

impl Synced {
    async fn new(dir: &Path) -> Synced {
        let db = database(dir).await;
        let (path, pool) = fail2ban_db(dir).await;
        let reader = Fail2banDb::open(&path).unwrap();
        let geo = Geo::new(MmdbResolver::open(dir.join("none.mmdb")), None, db.clone());
        Synced {
            db,
            pool,
            reader,
            geo,
        }
    }
}

#[tokio::test]
async fn sync_is_idempotent_and_records_unbans_and_expiries() {
    let dir = tempfile::tempdir().unwrap();
    let Synced {
        db,
        pool,
        reader,
        geo,
    } = Synced::new(dir.path()).await;
    let now = bangui_core::time::now();
    ban(&pool, "sshd", "192.0.2.1", now - 100, 600).await;
    ban(&pool, "sshd", "192.0.2.2", now - 90, 600).await;
    ban(&pool, "web", "192.0.2.3", now - 80, -1).await;

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
        .execute(&pool)
        .await
        .unwrap();
    for table in ["bans", "bips"] {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE {table} SET bantime = 30 WHERE ip = '192.0.2.2'"
        )))
        .execute(&pool)
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
        db,
        pool,
        reader,
        geo,
    } = Synced::new(dir.path()).await;
    let now = bangui_core::time::now();
    ban(&pool, "sshd", "192.0.2.1", now - 100, 600).await;
    ban(&pool, "sshd", "192.0.2.2", now - 100, 600).await;
    ban(&pool, "web", "198.51.100.1", now - 100, 600).await;
    ban(&pool, "web", "198.51.100.2", now - 100, 600).await;
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
        let pool = pool.clone();
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
        db,
        pool,
        reader,
        geo,
    } = Synced::new(dir.path()).await;
    let now = bangui_core::time::now();
    for (i, ip) in ["192.0.2.1", "192.0.2.2", "192.0.2.3"].iter().enumerate() {
        ban(&pool, "sshd", ip, now - 500 + i as i64, 60).await;
    }
    assert_eq!(
        sync::sync_new_bans(&db, &reader, &geo, 100).await.unwrap(),
        (3, 3)
    );
    sqlx::query("DELETE FROM bans")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(
        sync::sync_new_bans(&db, &reader, &geo, 100).await.unwrap(),
        (0, 0)
    );
    ban(&pool, "sshd", "198.51.100.7", now - 10, 60).await;
    ban(&pool, "sshd", "192.0.2.1", now - 5, 60).await;
    let rowids: Vec<i64> = sqlx::query_scalar("SELECT rowid FROM bans ORDER BY rowid")
        .fetch_all(&pool)
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
    let dir = tempfile::tempdir().unwrap();
    one_row_per_ban(database(dir.path()).await, dir.path()).await;
    if let Some((db, admin, name)) = postgres().await {
        let other = dir.path().join("postgres");
        std::fs::create_dir(&other).unwrap();
        one_row_per_ban(db.clone(), &other).await;
        drop_postgres(db, &admin, &name).await;
    }
}

async fn one_row_per_ban(db: DatabaseConnection, dir: &Path) {
    let (path, pool) = fail2ban_db(dir).await;
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
    ban(&pool, "sshd", "192.0.2.9", 1_001, 600).await;
    assert_eq!(
        sync::sync_new_bans(&db, &reader, &geo, 100).await.unwrap(),
        (1, 0)
    );
    assert_eq!(events(&db).await.len(), 1);

    // The other order: the sync reads fail2ban's row first (the hook can run it
    // before `banip` returns); BanGUI's own write then only gives it its origin.
    ban(&pool, "sshd", "192.0.2.10", 2_040, 600).await;
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

/// A fixed pseudo-random sequence.
struct Rng(u64);
impl Rng {
    fn next(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// A fresh PostgreSQL database when BANGUI_TEST_POSTGRES_URL is set.
async fn postgres() -> Option<(DatabaseConnection, String, String)> {
    use sea_orm::ConnectionTrait;
    let Ok(admin) = std::env::var("BANGUI_TEST_POSTGRES_URL") else {
        eprintln!("PostgreSQL part skipped: BANGUI_TEST_POSTGRES_URL is not set");
        return None;
    };
    let name = format!(
        "bangui_core_{}_{}",
        std::process::id(),
        bangui_core::time::now()
    );
    let conn = sea_orm::Database::connect(&admin).await.unwrap();
    conn.execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
        .await
        .unwrap();
    conn.close().await.unwrap();
    let base = admin
        .rsplit_once('/')
        .map_or(admin.as_str(), |(b, _)| b)
        .to_owned();
    let db = bangui_core::db::connect(&format!("{base}/{name}"))
        .await
        .unwrap();
    bangui_core::db::migrate(&db).await.unwrap();
    Some((db, admin, name))
}

async fn drop_postgres(db: DatabaseConnection, admin: &str, name: &str) {
    use sea_orm::ConnectionTrait;
    db.close().await.unwrap();
    let conn = sea_orm::Database::connect(admin).await.unwrap();
    conn.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
        .await
        .unwrap();
    conn.close().await.unwrap();
}

#[tokio::test]
async fn aggregations_match_a_brute_force_count() {
    let dir = tempfile::tempdir().unwrap();
    aggregations_on(database(dir.path()).await, dir.path()).await;
    if let Some((db, admin, name)) = postgres().await {
        aggregations_on(db.clone(), dir.path()).await;
        drop_postgres(db, &admin, &name).await;
    }
}

async fn aggregations_on(db: DatabaseConnection, dir: &Path) {
    use sea_orm::{ColumnTrait, QueryFilter, sea_query::Expr};
    let reader = Fail2banDb::open(&dir.join("absent.sqlite3")).unwrap();
    let geo = Geo::new(MmdbResolver::open(dir.join("none.mmdb")), None, db.clone());
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let jails = ["sshd", "nginx-http-auth", "postfix"];
    let countries = [Some("DE"), Some("CN"), Some("US"), Some("BR"), None];
    let base = 1_700_000_000;
    let mut bans = Vec::new();
    for _ in 0..3_000 {
        let ip = format!("10.0.{}.{}", rng.next(4), rng.next(60));
        let country =
            countries[(ip.len() + ip.as_bytes()[ip.len() - 1] as usize) % countries.len()];
        bans.push(NewBan {
            ip,
            jail: jails[rng.next(3) as usize].to_owned(),
            banned_at: base + rng.next(30 * 86_400) as i64,
            ban_time: [600, 3_600, -1][rng.next(3) as usize],
            ban_count: 1,
            origin: Origin::Fail2ban,
            source_id: None,
            country_code: country.map(str::to_owned),
        });
    }
    archive::record_bans(&db, &bans).await.unwrap();
    // Unaligned edges, ranges open at either end, inside one hour, all time.
    let scopes = [
        (
            Some(base + 5 * 86_400 + 1_234),
            Some(base + 20 * 86_400 - 77),
            Some("sshd"),
        ),
        (
            Some(base + 5 * 86_400 + 1_234),
            Some(base + 20 * 86_400 - 77),
            None,
        ),
        (
            Some(base + 12 * 86_400 + 100),
            Some(base + 12 * 86_400 + 1_900),
            None,
        ),
        (Some(base + 25 * 86_400 + 59), None, None),
        (Some(base + 25 * 86_400 + 59), None, Some("postfix")),
        (None, Some(base + 3 * 86_400 + 11), Some("nginx-http-auth")),
        (None, None, None),
        (None, None, Some("sshd")),
    ];
    let check_all = |db: DatabaseConnection| {
        let reader = &reader;
        let geo = &geo;
        async move {
            let stored = ban_history::Entity::find().all(&db).await.unwrap();
            for (since, until, jail) in scopes {
                let dash = Dashboard {
                    db: &db,
                    reader,
                    geo,
                    scope: Scope {
                        since,
                        until,
                        jail: jail.map(str::to_owned),
                        source: Source::Archive,
                    },
                    shared: Default::default(),
                };
                check(&dash, &stored).await;
            }
        }
    };
    check_all(db.clone()).await;

    // The address's country changes (a new geolocation database): every count moves.
    ban_history::Entity::update_many()
        .col_expr(ban_history::Column::CountryCode, Expr::value("FR"))
        .filter(ban_history::Column::Ip.eq("10.0.1.7"))
        .exec(&db)
        .await
        .unwrap();
    ban_history::Entity::update_many()
        .col_expr(ban_history::Column::CountryCode, Expr::value("JP"))
        .filter(ban_history::Column::CountryCode.is_null())
        .exec(&db)
        .await
        .unwrap();
    check_all(db.clone()).await;

    // Rows taken out of the archive leave it too.
    ban_history::Entity::delete_many()
        .filter(ban_history::Column::Ip.is_in(["10.0.2.3", "10.0.0.9", "10.0.3.59"]))
        .exec(&db)
        .await
        .unwrap();
    ban_history::Entity::delete_many()
        .filter(ban_history::Column::BannedAt.lt(base + 2 * 86_400))
        .exec(&db)
        .await
        .unwrap();
    check_all(db.clone()).await;
}

/// Checks every aggregation of `dash` against the archived rows it covers.
async fn check(dash: &Dashboard<'_>, stored: &[ban_history::Model]) {
    let scope = &dash.scope;
    let context = format!("{:?} {:?} {:?}", scope.since, scope.until, scope.jail);
    let inside: Vec<&ban_history::Model> = stored
        .iter()
        .filter(|r| {
            r.kind == entity::kinds::EventKind::Ban
                && scope.jail.as_ref().is_none_or(|j| &r.jail == j)
                && scope.since.is_none_or(|s| r.banned_at >= s)
                && scope.until.is_none_or(|u| r.banned_at < u)
        })
        .collect();

    let summary = dash.summary().await.unwrap();
    assert_eq!(summary.total_bans, inside.len() as i64, "{context}");
    assert_eq!(
        summary.unique_ips,
        inside.iter().map(|r| &r.ip).collect::<HashSet<_>>().len() as i64,
        "{context}"
    );
    assert_eq!(
        summary.countries,
        inside
            .iter()
            .filter_map(|r| r.country_code.as_ref())
            .collect::<HashSet<_>>()
            .len() as i64,
        "{context}"
    );
    let now = bangui_core::time::now();
    assert_eq!(
        summary.active_bans,
        inside
            .iter()
            .filter(|r| r.ended_at.is_none() && r.expires_at.is_none_or(|e| e > now))
            .count() as i64,
        "{context}"
    );

    let mut by_country: HashMap<String, (i64, HashSet<String>)> = HashMap::new();
    for r in &inside {
        if let Some(c) = &r.country_code {
            let e = by_country.entry(c.clone()).or_default();
            e.0 += 1;
            e.1.insert(r.ip.clone());
        }
    }
    let got: HashMap<String, (i64, i64)> = dash
        .by_country()
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.code, (c.count, c.unique_ips)))
        .collect();
    let want: HashMap<String, (i64, i64)> = by_country
        .into_iter()
        .map(|(k, (n, ips))| (k, (n, ips.len() as i64)))
        .collect();
    assert_eq!(got, want, "{context}");

    let auto = if scope.until.unwrap_or(now) - scope.since.unwrap_or(0) <= 3 * 86_400 {
        3_600
    } else {
        86_400
    };
    for (bucket, size) in [
        (Bucket::Hour, 3_600),
        (Bucket::Day, 86_400),
        (Bucket::Auto, auto),
    ] {
        let mut want: BTreeMap<i64, i64> = BTreeMap::new();
        for r in &inside {
            *want.entry(r.banned_at - r.banned_at % size).or_default() += 1;
        }
        let got: BTreeMap<i64, i64> = dash.trend(bucket).await.unwrap().into_iter().collect();
        assert_eq!(got, want, "{bucket:?} {context}");
    }

    let mut per_jail: HashMap<String, i64> = HashMap::new();
    for r in &inside {
        *per_jail.entry(r.jail.clone()).or_default() += 1;
    }
    let got: HashMap<String, i64> = dash.by_jail().await.unwrap().into_iter().collect();
    assert_eq!(got, per_jail, "{context}");

    let mut per_ip: HashMap<String, (i64, i64, Option<String>)> = HashMap::new();
    for r in &inside {
        let e = per_ip.entry(r.ip.clone()).or_insert((0, 0, None));
        e.0 += 1;
        e.1 = e.1.max(r.banned_at);
        e.2 = e.2.clone().max(r.country_code.clone());
    }
    let mut want: Vec<(String, i64, i64, Option<String>)> = per_ip
        .into_iter()
        .map(|(ip, (n, last, country))| (ip, n, last, country))
        .collect();
    want.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
    want.truncate(10);
    let got: Vec<(String, i64, i64, Option<String>)> = dash
        .top_ips(10)
        .await
        .unwrap()
        .into_iter()
        .map(|t| (t.ip, t.count, t.last_banned_at, t.country_code))
        .collect();
    assert_eq!(got, want, "{context}");
}

#[tokio::test]
async fn demo_data_looks_like_real_traffic() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path()).await;
    let geo = Geo::new(
        MmdbResolver::open(dir.path().join("none.mmdb")),
        None,
        db.clone(),
    );
    let now = 1_800_000_000;
    assert_eq!(
        bangui_core::demo::seed(&db, &geo, 3_000, now)
            .await
            .unwrap(),
        3_000
    );
    let rows = ban_history::Entity::find().all(&db).await.unwrap();
    assert_eq!(rows.len(), 3_000);
    assert!(
        rows.iter()
            .all(|r| r.banned_at <= now && r.banned_at > now - 366 * 86_400)
    );
    assert!(
        rows.iter()
            .all(|r| r.country_code.as_ref().is_some_and(|c| c.len() == 2))
    );
    let jails: HashSet<&str> = rows.iter().map(|r| r.jail.as_str()).collect();
    assert_eq!(
        jails,
        HashSet::from([
            "sshd",
            "nginx-http-auth",
            "postfix",
            "recidive",
            "blocklist"
        ])
    );
    let mut per_ip: HashMap<&str, usize> = HashMap::new();
    for r in &rows {
        *per_ip.entry(r.ip.as_str()).or_default() += 1;
    }
    let busiest = per_ip.values().max().copied().unwrap();
    // A power law: the busiest address has many bans, most have one or two.
    assert!(busiest >= 50, "{busiest}");
    assert!(per_ip.values().filter(|n| **n <= 2).count() * 2 > per_ip.len());
}
