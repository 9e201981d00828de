//! The notifications a clock drives, with the clock in the test's hands:
//! bursts once per window, digests of each period once it ends, fail2ban
//! down (after two checks) and back, failed imports; on SQLite and
//! PostgreSQL. Deliveries go to a queue that records them.

#![expect(clippy::unwrap_used, reason = "test set-up fails loudly")]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use bangui_core::actor::Actor;
use bangui_core::archive::{self, NewBan, Origin};
use bangui_core::notify::{
    ChannelInput, ChannelKind, DeliveryQueue, DigestPeriod, HostState, Message, NotifyService,
    NotifySettings, RuleInput, Trigger,
};
use bangui_test_support::TestDb;
use bangui_test_support::rows::completed_run;
use entity::{blocklist_source, delivery, import_run};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection, EntityTrait, QueryOrder};

/// Records every attempt queued.
#[derive(Default)]
struct Recorded(Mutex<Vec<(i64, i64)>>);

#[async_trait]
impl DeliveryQueue for Recorded {
    async fn push(&self, delivery: i64, attempt: i64, _after: Duration) -> Result<(), String> {
        self.0.lock().unwrap().push((delivery, attempt));
        Ok(())
    }

    /// Nothing runs the attempts here: the watch queues them again once
    /// they are late, which this test does not count.
    async fn push_again(&self, _delivery: i64, _attempt: i64, _now: i64) -> Result<(), String> {
        Ok(())
    }

    async fn forget_done(&self, _before: i64) -> Result<u64, String> {
        Ok(0)
    }
}

fn ban(ip: &str, jail: &str, at: i64, country: Option<&str>) -> NewBan {
    NewBan {
        ip: ip.to_owned(),
        jail: jail.to_owned(),
        banned_at: at,
        ban_time: 600,
        ban_count: 1,
        origin: Origin::Fail2ban,
        source_id: None,
        country_code: country.map(str::to_owned),
        host_id: archive::LOCAL_HOST_ID,
    }
}

/// The deliveries made, oldest first, with their messages.
async fn made(db: &DatabaseConnection) -> Vec<(String, String, Message)> {
    delivery::Entity::find()
        .order_by_asc(delivery::Column::Id)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|d| {
            let message: Message = serde_json::from_str(d.message.as_deref().unwrap()).unwrap();
            (d.key, d.trigger, message)
        })
        .collect()
}

fn rule(name: &str, trigger: Trigger, channel: i64) -> RuleInput {
    RuleInput {
        name: name.to_owned(),
        trigger,
        channel_ids: vec![channel],
        jails: Vec::new(),
        countries: Vec::new(),
        origins: Vec::new(),
        hosts: Vec::new(),
        threshold: None,
        window_minutes: None,
        period: None,
        enabled: true,
    }
}

#[tokio::test]
async fn the_clocks_triggers_fire_once_each() {
    for test_db in TestDb::all().await {
        let db = bangui_core::db::connect(&test_db.url).await.unwrap();
        bangui_core::db::migrate(&db).await.unwrap();
        triggers_on(db).await;
    }
}

async fn triggers_on(db: DatabaseConnection) {
    let queue = Arc::new(Recorded::default());
    let settings = NotifySettings {
        public_url: Some("https://bangui.example.org".into()),
        ..Default::default()
    };
    let notify = NotifyService::new(db.clone(), queue.clone(), settings).unwrap();
    let admin = Actor::system();
    let channel = notify
        .create_channel(
            &admin,
            ChannelInput {
                name: "hook".into(),
                kind: ChannelKind::Webhook,
                target: "https://hooks.example.org/bangui".into(),
                secret: None,
                enabled: true,
            },
        )
        .await
        .unwrap()
        .id;
    let burst = notify
        .create_rule(
            &admin,
            RuleInput {
                jails: vec!["sshd".into()],
                countries: vec!["DE".into()],
                threshold: Some(3),
                window_minutes: Some(10),
                ..rule("german sshd burst", Trigger::Burst, channel)
            },
        )
        .await
        .unwrap();
    // A whole day after the rules were made, at the start of a window.
    let day = 86_400;
    let base = (bangui_core::time::now() / day + 2) * day;
    let hosts = [HostState {
        name: "bastion".into(),
        up: true,
    }];

    // Two matching bans and others that do not match: no burst.
    archive::record_bans(
        &db,
        &[
            ban("192.0.2.1", "sshd", base + 10, Some("DE")),
            ban("192.0.2.2", "sshd", base + 20, Some("DE")),
            ban("192.0.2.3", "sshd", base + 30, Some("FR")),
            ban("192.0.2.4", "postfix", base + 40, Some("DE")),
        ],
    )
    .await
    .unwrap();
    notify.watch(base + 60, &hosts).await.unwrap();
    assert!(made(&db).await.is_empty());
    // The third: one burst, and no second one in the same window.
    archive::record_bans(&db, &[ban("192.0.2.5", "sshd", base + 70, Some("DE"))])
        .await
        .unwrap();
    notify.watch(base + 80, &hosts).await.unwrap();
    archive::record_bans(&db, &[ban("192.0.2.6", "sshd", base + 90, Some("DE"))])
        .await
        .unwrap();
    notify.watch(base + 100, &hosts).await.unwrap();
    let told = made(&db).await;
    assert_eq!(told.len(), 1);
    let (key, trigger, message) = &told[0];
    let window = base / 600;
    assert_eq!(key, &format!("burst:{}:{channel}:{window}", burst.row.id));
    assert_eq!(trigger, "BURST");
    assert_eq!(
        (message.title.as_str(), message.text.as_str(), message.count),
        (
            "Burst: 3 bans in sshd from DE",
            "3 bans in sshd from DE within 10 minutes (the rule \"german sshd burst\" fires at 3).",
            3
        )
    );
    assert_eq!(message.fields["ip"], "192.0.2.1");
    // The next window: the bans of its last ten minutes make another.
    archive::record_bans(&db, &[ban("192.0.2.7", "sshd", base + 610, Some("DE"))])
        .await
        .unwrap();
    notify.watch(base + 620, &hosts).await.unwrap();
    let told = made(&db).await;
    assert_eq!(told.len(), 2);
    assert_eq!(told[1].2.count, 3);
    assert_eq!(
        told[1].0,
        format!("burst:{}:{channel}:{}", burst.row.id, window + 1)
    );

    // A daily digest of that day, once the day has ended.
    notify
        .create_rule(
            &admin,
            RuleInput {
                period: Some(DigestPeriod::Daily),
                ..rule("daily", Trigger::Digest, channel)
            },
        )
        .await
        .unwrap();
    // The day before ended after the rule was made: its digest, of nothing.
    notify.watch(base + 700, &hosts).await.unwrap();
    let told = made(&db).await;
    assert_eq!(told.len(), 3);
    assert_eq!(told[2].2.title, "BanGUI daily digest: 0 bans");
    notify.watch(base + day + 5, &hosts).await.unwrap();
    notify.watch(base + day + 10, &hosts).await.unwrap();
    let told = made(&db).await;
    assert_eq!(
        told.len(),
        4,
        "{:?}",
        told.iter().map(|t| &t.0).collect::<Vec<_>>()
    );
    let (_, trigger, digest) = &told[3];
    assert_eq!(trigger, "DIGEST");
    let from = bangui_core::time::to_datetime(base).format("%Y-%m-%d %H:%M UTC");
    let to = bangui_core::time::to_datetime(base + day).format("%Y-%m-%d %H:%M UTC");
    assert_eq!(digest.title, "BanGUI daily digest: 7 bans");
    assert_eq!(
        digest.text,
        format!(
            "7 bans from {from} to {to}.\n\
             Top countries: DE (6), FR (1)\n\
             Top jails: sshd (6), postfix (1)\n\
             Top addresses: 192.0.2.1 (1), 192.0.2.2 (1), 192.0.2.3 (1), 192.0.2.4 (1), 192.0.2.5 (1)\n\
             Top networks: 192.0.2.0/24 (7)\n\
             Blocklist imports: 0 (0 failed)\n\
             fail2ban outages: 0\n\
             Dashboard: https://bangui.example.org/?range=24h"
        )
    );

    // fail2ban down: told after the second check that finds it so; back: told once.
    let down = rule("down", Trigger::Fail2banDown, channel);
    notify.create_rule(&admin, down).await.unwrap();
    notify
        .create_rule(&admin, rule("up", Trigger::Fail2banUp, channel))
        .await
        .unwrap();
    let gone = [HostState {
        name: "bastion".into(),
        up: false,
    }];
    let t = base + day + 100;
    notify.watch(t, &gone).await.unwrap();
    assert_eq!(made(&db).await.len(), 4);
    notify.watch(t + 5, &gone).await.unwrap();
    notify.watch(t + 10, &gone).await.unwrap();
    notify.watch(t + 60, &hosts).await.unwrap();
    notify.watch(t + 65, &hosts).await.unwrap();
    let told = made(&db).await;
    let tail: Vec<(&str, &str, &str)> = told[4..]
        .iter()
        .map(|(_, trigger, m)| (trigger.as_str(), m.title.as_str(), m.text.as_str()))
        .collect();
    assert_eq!(
        tail,
        vec![
            (
                "FAIL2BAN_DOWN",
                "fail2ban on bastion is down",
                "fail2ban on bastion does not answer: nothing is banned there until it is back."
            ),
            (
                "FAIL2BAN_UP",
                "fail2ban on bastion is back",
                "fail2ban on bastion answers again."
            ),
        ]
    );

    // A failed import of a source of the rule's jail.
    notify
        .create_rule(
            &admin,
            RuleInput {
                jails: vec!["blocklist".into()],
                ..rule("imports", Trigger::ImportFailed, channel)
            },
        )
        .await
        .unwrap();
    let source = blocklist_source::ActiveModel {
        name: Set("spamhaus drop".into()),
        url: Set("https://lists.example.org/drop.txt".into()),
        jail: Set("blocklist".into()),
        enabled: Set(true),
        interval_minutes: Set(60),
        allowlist: Set("[]".into()),
        unban_removed: Set(false),
        created_at: Set(t),
        updated_at: Set(t),
        host_id: Set(bangui_core::archive::LOCAL_HOST_ID),
        ..Default::default()
    }
    .insert(&db)
    .await;
    let source = source.unwrap();
    let run = import_run::ActiveModel {
        status: Set(entity::kinds::ImportStatus::Failed),
        error: Set(Some("the server answered 503".into())),
        ..completed_run(source.id, t + 100, Some(2))
    }
    .insert(&db)
    .await
    .unwrap();
    notify.watch(t + 120, &hosts).await.unwrap();
    notify.watch(t + 125, &hosts).await.unwrap();
    let told = made(&db).await;
    assert_eq!(told.len(), 7);
    let (key, trigger, failed) = &told[6];
    assert_eq!(trigger, "IMPORT_FAILED");
    assert!(key.ends_with(&format!(":{}", run.id)), "{key}");
    assert_eq!(
        (failed.title.as_str(), failed.text.as_str()),
        (
            "Blocklist import of spamhaus drop failed",
            "spamhaus drop: the server answered 503"
        )
    );
    // Every delivery's first attempt was queued, once.
    let queued = queue.0.lock().unwrap().clone();
    assert_eq!(queued.len(), 7);
    assert!(queued.iter().all(|(_, attempt)| *attempt == 1));
}
