//! Creates `ban_ip_day`: per jail (`''` for all), UTC day and country, how many
//! addresses had their last ban that day. Kept exact by triggers on
//! `ban_ip_total`, whose last-ban day and country it mirrors, so the addresses
//! banned since a moment are a few hundred rows per day instead of one index
//! entry per address.
//!
//! On SQLite the table is clustered on its key (WITHOUT ROWID): a range of days
//! reads the counts straight from the key's b-tree.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

const CREATE_SQLITE: &str = "
CREATE TABLE ban_ip_day (
  jail TEXT NOT NULL,
  day INTEGER NOT NULL,
  country_code TEXT NOT NULL,
  addresses INTEGER NOT NULL,
  PRIMARY KEY (jail, day, country_code)
) WITHOUT ROWID";

const CREATE_POSTGRES: &str = "
CREATE TABLE ban_ip_day (
  jail VARCHAR NOT NULL,
  day BIGINT NOT NULL,
  country_code VARCHAR(2) NOT NULL,
  addresses BIGINT NOT NULL,
  PRIMARY KEY (jail, day, country_code)
)";

const BACKFILL: &str = "
INSERT INTO ban_ip_day (jail, day, country_code, addresses)
SELECT jail, last_banned_at - (last_banned_at % 86400), country_code, COUNT(*)
  FROM ban_ip_total
 GROUP BY jail, last_banned_at - (last_banned_at % 86400), country_code";

/// Counts the address in its new last-ban day and country.
const ADD: &str = "
INSERT INTO ban_ip_day (jail, day, country_code, addresses)
VALUES (NEW.jail, NEW.last_banned_at - (NEW.last_banned_at % 86400), NEW.country_code, 1)
ON CONFLICT (jail, day, country_code) DO UPDATE SET addresses = ban_ip_day.addresses + 1;";

/// Takes the address out of its old last-ban day and country; empty rows go.
const REMOVE: &str = "
UPDATE ban_ip_day SET addresses = addresses - 1
 WHERE jail = OLD.jail AND day = OLD.last_banned_at - (OLD.last_banned_at % 86400)
   AND country_code = OLD.country_code;
DELETE FROM ban_ip_day
 WHERE jail = OLD.jail AND day = OLD.last_banned_at - (OLD.last_banned_at % 86400)
   AND country_code = OLD.country_code AND addresses <= 0;";

/// An update that moves the address to another day or country.
const MOVED: &str = "(OLD.last_banned_at - (OLD.last_banned_at % 86400))
  <> (NEW.last_banned_at - (NEW.last_banned_at % 86400))
  OR OLD.country_code <> NEW.country_code";

const TRIGGERS: [&str; 3] = [
    "ban_ip_day_insert",
    "ban_ip_day_update",
    "ban_ip_day_delete",
];

fn sqlite_triggers() -> Vec<String> {
    vec![
        format!("CREATE TRIGGER ban_ip_day_insert AFTER INSERT ON ban_ip_total BEGIN {ADD} END"),
        format!(
            "CREATE TRIGGER ban_ip_day_update
             AFTER UPDATE OF last_banned_at, country_code ON ban_ip_total
             WHEN {MOVED} BEGIN {REMOVE} {ADD} END"
        ),
        format!("CREATE TRIGGER ban_ip_day_delete AFTER DELETE ON ban_ip_total BEGIN {REMOVE} END"),
    ]
}

fn postgres_triggers() -> Vec<String> {
    let function = |name: &str, body: &str| {
        format!(
            "CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN {body} RETURN NULL; END $$"
        )
    };
    vec![
        function("ban_ip_day_insert", ADD),
        function("ban_ip_day_update", &format!("{REMOVE} {ADD}")),
        function("ban_ip_day_delete", REMOVE),
        "CREATE TRIGGER ban_ip_day_insert AFTER INSERT ON ban_ip_total
         FOR EACH ROW EXECUTE FUNCTION ban_ip_day_insert()"
            .to_owned(),
        format!(
            "CREATE TRIGGER ban_ip_day_update
             AFTER UPDATE OF last_banned_at, country_code ON ban_ip_total
             FOR EACH ROW WHEN ({MOVED}) EXECUTE FUNCTION ban_ip_day_update()"
        ),
        "CREATE TRIGGER ban_ip_day_delete AFTER DELETE ON ban_ip_total
         FOR EACH ROW EXECUTE FUNCTION ban_ip_day_delete()"
            .to_owned(),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    atomic!();

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let (create, triggers) = match manager.get_database_backend() {
            DatabaseBackend::Postgres => (CREATE_POSTGRES, postgres_triggers()),
            _ => (CREATE_SQLITE, sqlite_triggers()),
        };
        db.execute_unprepared(create).await?;
        db.execute_unprepared(BACKFILL).await?;
        for statement in triggers {
            db.execute_unprepared(&statement).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for name in TRIGGERS {
            let drop = match manager.get_database_backend() {
                DatabaseBackend::Postgres => format!(
                    "DROP TRIGGER IF EXISTS {name} ON ban_ip_total; DROP FUNCTION IF EXISTS {name}()"
                ),
                _ => format!("DROP TRIGGER IF EXISTS {name}"),
            };
            db.execute_unprepared(&drop).await?;
        }
        db.execute_unprepared("DROP TABLE ban_ip_day").await?;
        Ok(())
    }
}
