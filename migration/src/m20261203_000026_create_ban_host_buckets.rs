//! Creates `ban_host_bucket`: bans per hour, day and 32 days × host, kept exact
//! by triggers on `ban_history` (ban rows: insert and delete; a ban never
//! changes host or time), and fills it from the bans archived before. The
//! dashboard's bans-by-host figure reads a few of its rows per range instead
//! of every ban.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

use crate::BUCKET_SPANS as SPANS;

const CREATE_SQLITE: &str = "CREATE TABLE ban_host_bucket (
   span INTEGER NOT NULL,
   start INTEGER NOT NULL,
   host_id INTEGER NOT NULL,
   bans INTEGER NOT NULL,
   PRIMARY KEY (span, start, host_id)
 ) WITHOUT ROWID";

const CREATE_POSTGRES: &str = "CREATE TABLE ban_host_bucket (
   span INTEGER NOT NULL,
   start BIGINT NOT NULL,
   host_id BIGINT NOT NULL,
   bans BIGINT NOT NULL,
   PRIMARY KEY (span, start, host_id)
 )";

fn backfill(span: i64) -> String {
    format!(
        "INSERT INTO ban_host_bucket (span, start, host_id, bans)
         SELECT {span}, banned_at - (banned_at % {span}), host_id, COUNT(*)
           FROM ban_history WHERE kind = 'BAN'
          GROUP BY banned_at - (banned_at % {span}), host_id"
    )
}

/// Adds one ban to its bucket of each span.
fn add() -> String {
    let rows: Vec<String> = SPANS
        .iter()
        .map(|span| format!("({span}, NEW.banned_at - (NEW.banned_at % {span}), NEW.host_id, 1)"))
        .collect();
    format!(
        "INSERT INTO ban_host_bucket (span, start, host_id, bans) VALUES {}
         ON CONFLICT (span, start, host_id) DO UPDATE SET bans = ban_host_bucket.bans + 1;",
        rows.join(", ")
    )
}

/// Takes one ban out of its bucket of each span; empty buckets go.
fn remove() -> String {
    let spans: Vec<String> = SPANS.iter().map(i64::to_string).collect();
    let spans = spans.join(", ");
    format!(
        "UPDATE ban_host_bucket SET bans = bans - 1
          WHERE span IN ({spans}) AND start = OLD.banned_at - (OLD.banned_at % span)
            AND host_id = OLD.host_id;
         DELETE FROM ban_host_bucket
          WHERE span IN ({spans}) AND start = OLD.banned_at - (OLD.banned_at % span)
            AND host_id = OLD.host_id AND bans <= 0;"
    )
}

/// A trigger running `body` after each `event` (INSERT or DELETE) of a ban
/// row, `row` being NEW or OLD; on PostgreSQL with its function.
fn row_trigger(postgres: bool, name: &str, event: &str, row: &str, body: &str) -> Vec<String> {
    let when = format!("{row}.kind = 'BAN'");
    if postgres {
        vec![
            format!(
                "CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
                 BEGIN {body} RETURN NULL; END $$"
            ),
            format!(
                "CREATE TRIGGER {name} AFTER {event} ON ban_history
                 FOR EACH ROW WHEN ({when}) EXECUTE FUNCTION {name}()"
            ),
        ]
    } else {
        vec![format!(
            "CREATE TRIGGER {name} AFTER {event} ON ban_history WHEN {when} BEGIN {body} END"
        )]
    }
}

/// The trigger that counts each new ban.
pub(crate) fn insert_trigger(postgres: bool) -> Vec<String> {
    row_trigger(postgres, "ban_history_host_insert", "INSERT", "NEW", &add())
}

/// The trigger that uncounts each deleted ban.
fn delete_trigger(postgres: bool) -> Vec<String> {
    row_trigger(
        postgres,
        "ban_history_host_delete",
        "DELETE",
        "OLD",
        &remove(),
    )
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    atomic!();

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let postgres = manager.get_database_backend() == DatabaseBackend::Postgres;
        db.execute_unprepared(if postgres {
            CREATE_POSTGRES
        } else {
            CREATE_SQLITE
        })
        .await?;
        for span in SPANS {
            db.execute_unprepared(&backfill(span)).await?;
        }
        let mut triggers = insert_trigger(postgres);
        triggers.extend(delete_trigger(postgres));
        for statement in triggers {
            db.execute_unprepared(&statement).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::drop_ban_history_triggers(
            manager,
            &["ban_history_host_insert", "ban_history_host_delete"],
        )
        .await?;
        let db = manager.get_connection();
        db.execute_unprepared("DROP TABLE ban_host_bucket").await?;
        Ok(())
    }
}
