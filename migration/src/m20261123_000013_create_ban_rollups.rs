//! Creates the archive's pre-aggregated counts, kept exact by triggers on
//! `ban_history`, and fills them from the bans already archived.
//!
//! - `ban_count_bucket`: bans per hour and per day × jail × country (`''` when
//!   unknown). Sums over a range read a few thousand rows instead of every ban.
//! - `ban_ip_total`: one row per address and jail, plus one per address with jail
//!   `''` for all jails: its bans, first and last ban and country. Unique addresses
//!   since a moment are the rows whose last ban is at or after it; top addresses
//!   are the first rows of an index.
//!
//! Triggers keep both in step with every write to `ban_history` (ban rows only:
//! insert, country change, delete), in the writer's own transaction, whichever
//! code path or instance writes.

use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend};
use sea_orm_migration::{prelude::*, schema::*};

use crate::create_index;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The bucket spans of this migration: an hour and a day.
const SPANS: [i64; 2] = [3_600, 86_400];

/// Adds one ban to its bucket of each span.
fn buckets_add(spans: &[i64]) -> String {
    let rows: Vec<String> = spans
        .iter()
        .map(|span| {
            format!(
                "({span}, NEW.banned_at - (NEW.banned_at % {span}), NEW.jail, COALESCE(NEW.country_code, ''), 1)"
            )
        })
        .collect();
    format!(
        "INSERT INTO ban_count_bucket (span, start, jail, country_code, bans) VALUES {}
         ON CONFLICT (span, start, jail, country_code) DO UPDATE SET bans = ban_count_bucket.bans + 1;",
        rows.join(", ")
    )
}

/// Takes one ban out of its bucket of each span; empty buckets go.
fn buckets_remove(spans: &[i64]) -> String {
    let spans: Vec<String> = spans.iter().map(i64::to_string).collect();
    let spans = spans.join(", ");
    format!(
        "UPDATE ban_count_bucket SET bans = bans - 1
          WHERE span IN ({spans}) AND start = OLD.banned_at - (OLD.banned_at % span)
            AND jail = OLD.jail AND country_code = COALESCE(OLD.country_code, '');
         DELETE FROM ban_count_bucket
          WHERE span IN ({spans}) AND start = OLD.banned_at - (OLD.banned_at % span)
            AND jail = OLD.jail AND country_code = COALESCE(OLD.country_code, '') AND bans <= 0;"
    )
}

/// Counts one ban for its address, in its jail and in all jails (`''`).
const ADDRESS_ADD: &str = "
INSERT INTO ban_ip_total (jail, ip, country_code, bans, first_banned_at, last_banned_at) VALUES
  (NEW.jail, NEW.ip, COALESCE(NEW.country_code, ''), 1, NEW.banned_at, NEW.banned_at),
  ('', NEW.ip, COALESCE(NEW.country_code, ''), 1, NEW.banned_at, NEW.banned_at)
ON CONFLICT (jail, ip) DO UPDATE SET
  bans = ban_ip_total.bans + 1,
  first_banned_at = {least}(ban_ip_total.first_banned_at, excluded.first_banned_at),
  last_banned_at = {greatest}(ban_ip_total.last_banned_at, excluded.last_banned_at),
  country_code = CASE WHEN excluded.country_code = '' THEN ban_ip_total.country_code
                      ELSE excluded.country_code END;";

/// Takes one ban away from its address; first and last come from what is left.
const ADDRESS_REMOVE: &str = "
UPDATE ban_ip_total SET
  bans = bans - 1,
  first_banned_at = COALESCE((SELECT MIN(h.banned_at) FROM ban_history h
     WHERE h.ip = OLD.ip AND h.kind = 'BAN'
       AND (ban_ip_total.jail = '' OR h.jail = ban_ip_total.jail)), 0),
  last_banned_at = COALESCE((SELECT MAX(h.banned_at) FROM ban_history h
     WHERE h.ip = OLD.ip AND h.kind = 'BAN'
       AND (ban_ip_total.jail = '' OR h.jail = ban_ip_total.jail)), 0)
 WHERE ip = OLD.ip AND jail IN ('', OLD.jail);
DELETE FROM ban_ip_total WHERE ip = OLD.ip AND jail IN ('', OLD.jail) AND bans <= 0;";

/// Moves an address to its new country.
const ADDRESS_COUNTRY: &str = "
UPDATE ban_ip_total SET country_code = COALESCE(NEW.country_code, '')
 WHERE ip = NEW.ip AND jail IN ('', NEW.jail);";

/// Fills the tables from the bans archived before this migration.
const BACKFILL: [&str; 4] = [
    "INSERT INTO ban_count_bucket (span, start, jail, country_code, bans)
     SELECT 3600, banned_at - (banned_at % 3600), jail, COALESCE(country_code, ''), COUNT(*)
       FROM ban_history WHERE kind = 'BAN'
      GROUP BY banned_at - (banned_at % 3600), jail, COALESCE(country_code, '')",
    "INSERT INTO ban_count_bucket (span, start, jail, country_code, bans)
     SELECT 86400, banned_at - (banned_at % 86400), jail, COALESCE(country_code, ''), COUNT(*)
       FROM ban_history WHERE kind = 'BAN'
      GROUP BY banned_at - (banned_at % 86400), jail, COALESCE(country_code, '')",
    "INSERT INTO ban_ip_total (jail, ip, country_code, bans, first_banned_at, last_banned_at)
     SELECT jail, ip, COALESCE(MAX(country_code), ''), COUNT(*), MIN(banned_at), MAX(banned_at)
       FROM ban_history WHERE kind = 'BAN' GROUP BY jail, ip",
    "INSERT INTO ban_ip_total (jail, ip, country_code, bans, first_banned_at, last_banned_at)
     SELECT '', ip, COALESCE(MAX(country_code), ''), COUNT(*), MIN(banned_at), MAX(banned_at)
       FROM ban_history WHERE kind = 'BAN' GROUP BY ip",
];

/// A country change that moves a ban between buckets.
const COUNTRY_CHANGED: &str =
    "NEW.kind = 'BAN' AND COALESCE(OLD.country_code, '') <> COALESCE(NEW.country_code, '')";

/// The rollup triggers of `ban_history` on SQLite, keeping buckets of `spans`.
pub(crate) fn sqlite_triggers(spans: &[i64]) -> Vec<String> {
    let (buckets_add, buckets_remove) = (buckets_add(spans), buckets_remove(spans));
    let add = ADDRESS_ADD
        .replace("{least}", "MIN")
        .replace("{greatest}", "MAX");
    vec![
        format!(
            "CREATE TRIGGER ban_history_rollup_insert AFTER INSERT ON ban_history
             WHEN NEW.kind = 'BAN' BEGIN {buckets_add} {add} END"
        ),
        format!(
            "CREATE TRIGGER ban_history_rollup_delete AFTER DELETE ON ban_history
             WHEN OLD.kind = 'BAN' BEGIN {buckets_remove} {ADDRESS_REMOVE} END"
        ),
        format!(
            "CREATE TRIGGER ban_history_rollup_country AFTER UPDATE OF country_code ON ban_history
             WHEN {COUNTRY_CHANGED} BEGIN {buckets_remove} {buckets_add} {ADDRESS_COUNTRY} END"
        ),
    ]
}

/// The rollup triggers of `ban_history` on PostgreSQL, keeping buckets of `spans`.
pub(crate) fn postgres_triggers(spans: &[i64]) -> Vec<String> {
    let (buckets_add, buckets_remove) = (buckets_add(spans), buckets_remove(spans));
    let add = ADDRESS_ADD
        .replace("{least}", "LEAST")
        .replace("{greatest}", "GREATEST");
    let function = |name: &str, body: &str| {
        format!(
            "CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN {body} RETURN NULL; END $$"
        )
    };
    vec![
        function("ban_history_rollup_insert", &format!("{buckets_add} {add}")),
        function(
            "ban_history_rollup_delete",
            &format!("{buckets_remove} {ADDRESS_REMOVE}"),
        ),
        function(
            "ban_history_rollup_country",
            &format!("{buckets_remove} {buckets_add} {ADDRESS_COUNTRY}"),
        ),
        "CREATE TRIGGER ban_history_rollup_insert AFTER INSERT ON ban_history
         FOR EACH ROW WHEN (NEW.kind = 'BAN') EXECUTE FUNCTION ban_history_rollup_insert()"
            .to_owned(),
        "CREATE TRIGGER ban_history_rollup_delete AFTER DELETE ON ban_history
         FOR EACH ROW WHEN (OLD.kind = 'BAN') EXECUTE FUNCTION ban_history_rollup_delete()"
            .to_owned(),
        format!(
            "CREATE TRIGGER ban_history_rollup_country AFTER UPDATE OF country_code ON ban_history
             FOR EACH ROW WHEN ({COUNTRY_CHANGED}) EXECUTE FUNCTION ban_history_rollup_country()"
        ),
    ]
}

/// Drops the rollup triggers of `ban_history`.
pub(crate) async fn drop_triggers(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    crate::drop_ban_history_triggers(
        manager,
        &[
            "ban_history_rollup_insert",
            "ban_history_rollup_delete",
            "ban_history_rollup_country",
        ],
    )
    .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    atomic!();

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(BanCountBucket::Table)
                    .col(integer(BanCountBucket::Span))
                    .col(big_integer(BanCountBucket::Start))
                    .col(string(BanCountBucket::Jail))
                    .col(string_len(BanCountBucket::CountryCode, 2))
                    .col(big_integer(BanCountBucket::Bans))
                    .primary_key(
                        Index::create()
                            .col(BanCountBucket::Span)
                            .col(BanCountBucket::Start)
                            .col(BanCountBucket::Jail)
                            .col(BanCountBucket::CountryCode),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(BanIpTotal::Table)
                    .col(string(BanIpTotal::Jail))
                    .col(string_len(BanIpTotal::Ip, 45))
                    .col(string_len(BanIpTotal::CountryCode, 2))
                    .col(big_integer(BanIpTotal::Bans))
                    .col(big_integer(BanIpTotal::FirstBannedAt))
                    .col(big_integer(BanIpTotal::LastBannedAt))
                    .primary_key(Index::create().col(BanIpTotal::Jail).col(BanIpTotal::Ip))
                    .to_owned(),
            )
            .await?;
        {
            use BanIpTotal::*;
            let indexes = [
                ("ix_ban_ip_total_recent", [Jail, LastBannedAt, CountryCode]),
                ("ix_ban_ip_total_country", [Jail, CountryCode, Ip]),
                ("ix_ban_ip_total_top", [Jail, Bans, LastBannedAt]),
            ];
            for (name, columns) in indexes {
                create_index(manager, name, Table, &columns, false).await?;
            }
        }
        let db = manager.get_connection();
        for statement in BACKFILL {
            db.execute_unprepared(statement).await?;
        }
        let triggers = match manager.get_database_backend() {
            DatabaseBackend::Postgres => postgres_triggers(&SPANS),
            _ => sqlite_triggers(&SPANS),
        };
        for statement in triggers {
            db.execute_unprepared(&statement).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_triggers(manager).await?;
        manager
            .drop_table(Table::drop().table(BanIpTotal::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(BanCountBucket::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone)]
enum BanCountBucket {
    Table,
    Span,
    Start,
    Jail,
    CountryCode,
    Bans,
}

#[derive(DeriveIden, Clone)]
enum BanIpTotal {
    Table,
    Jail,
    Ip,
    CountryCode,
    Bans,
    FirstBannedAt,
    LastBannedAt,
}
