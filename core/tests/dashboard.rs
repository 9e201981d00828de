//! Every dashboard aggregation against a brute-force computation on random
//! data, on SQLite and PostgreSQL, and the demo data's shape.

#![expect(clippy::unwrap_used, reason = "test set-up fails loudly")]

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use bangui_core::archive::{self, NewBan, Origin};
use bangui_core::bans::Source;
use bangui_core::dashboard::{Bucket, Dashboard, Scope};
use bangui_core::geo::{Geo, MmdbResolver};
use bangui_fail2ban::db::Fail2banDb;
use bangui_test_support::TestDb;
use entity::ban_history;
use sea_orm::{DatabaseConnection, EntityTrait};

/// A migrated connection to `test_db`.
async fn connect(test_db: &TestDb) -> DatabaseConnection {
    let db = bangui_core::db::connect(&test_db.url).await.unwrap();
    bangui_core::db::migrate(&db).await.unwrap();
    db
}

/// The hosts the random bans are on: the local one and two agents'.
const HOSTS: [i64; 3] = [bangui_core::archive::LOCAL_HOST_ID, 5, 9];

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

#[tokio::test]
async fn aggregations_match_a_brute_force_count() {
    for test_db in TestDb::all().await {
        let dir = tempfile::tempdir().unwrap();
        aggregations_on(connect(&test_db).await, dir.path()).await;
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
            host_id: HOSTS[rng.next(3) as usize],
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
            None,
        ),
        (
            Some(base + 5 * 86_400 + 1_234),
            Some(base + 20 * 86_400 - 77),
            None,
            None,
        ),
        (
            Some(base + 5 * 86_400 + 1_234),
            Some(base + 20 * 86_400 - 77),
            None,
            Some(5),
        ),
        (
            Some(base + 12 * 86_400 + 100),
            Some(base + 12 * 86_400 + 1_900),
            None,
            None,
        ),
        (Some(base + 25 * 86_400 + 59), None, None, None),
        (
            Some(base + 25 * 86_400 + 59),
            None,
            Some("postfix"),
            Some(9),
        ),
        (
            None,
            Some(base + 3 * 86_400 + 11),
            Some("nginx-http-auth"),
            None,
        ),
        (None, None, None, None),
        (None, None, None, Some(bangui_core::archive::LOCAL_HOST_ID)),
        (None, None, Some("sshd"), None),
    ];
    let check_all = |db: DatabaseConnection| {
        let reader = &reader;
        let geo = &geo;
        async move {
            let stored = ban_history::Entity::find().all(&db).await.unwrap();
            for (since, until, jail, host_id) in scopes {
                let dash = Dashboard {
                    db: &db,
                    readers: vec![(0, reader)],
                    geo,
                    scope: Scope {
                        since,
                        until,
                        jail: jail.map(str::to_owned),
                        source: Source::Archive,
                        host_id,
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
    let context = format!(
        "{:?} {:?} {:?} {:?}",
        scope.since, scope.until, scope.jail, scope.host_id
    );
    let inside: Vec<&ban_history::Model> = stored
        .iter()
        .filter(|r| {
            r.kind == entity::kinds::EventKind::Ban
                && scope.jail.as_ref().is_none_or(|j| &r.jail == j)
                && scope.host_id.is_none_or(|h| r.host_id == h)
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

    let mut per_host: HashMap<i64, i64> = HashMap::new();
    for r in &inside {
        *per_host.entry(r.host_id).or_default() += 1;
    }
    let got: HashMap<i64, i64> = dash
        .by_host()
        .await
        .unwrap()
        .into_iter()
        .map(|h| (h.host_id, h.count))
        .collect();
    assert_eq!(got, per_host, "{context}");
    if scope.since.is_none() && scope.until.is_none() && scope.host_id.is_none() {
        // Every host has bans of all time.
        assert_eq!(got.len(), HOSTS.len(), "{context}");
    }

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
    let test_db = TestDb::sqlite();
    let db = connect(&test_db).await;
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
