//! Bans from agents into the archive. One writer per instance takes every
//! connection's batches as they arrive and writes all that wait in one go:
//! many agents sending small batches cost a few writes a second, not one per
//! batch, and each connection's batch is acknowledged once it is written.
//! The writer also notes when agents were last heard from, in one statement.

use std::collections::BTreeSet;
use std::time::Duration;

use bangui_agent::protocol::QueuedBan;
use entity::host;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use tokio::sync::{mpsc, oneshot};
use tracing::{debug, warn};

use crate::archive::{self, NewBan, Origin};
use crate::error::{ServiceError, ServiceResult};
use crate::jails::{Fail2banService, HostRef};

/// Batches waiting for the writer, over all connections.
const WAITING: usize = 4_096;
/// Most bans written at once.
const MOST: usize = 20_000;
/// How often the hosts heard from are written when no ban comes.
const SEEN_EVERY: Duration = Duration::from_secs(5);

enum Work {
    Bans {
        rows: Vec<NewBan>,
        done: oneshot::Sender<Result<(), String>>,
    },
    Seen(i64),
}

/// The way to the writer; cheap to clone.
#[derive(Clone)]
pub(super) struct Ingest {
    work: mpsc::Sender<Work>,
}

impl Ingest {
    /// Starts the writer, archiving into `local`'s database with its
    /// geolocation and waking its event tailer.
    pub(super) fn start(db: DatabaseConnection, local: Fail2banService) -> Ingest {
        let (work, rx) = mpsc::channel(WAITING);
        tokio::spawn(writer(rx, db, local));
        Ingest { work }
    }

    /// Archives bans of `host`; returns once they are written.
    pub(super) async fn bans(&self, host: &HostRef, bans: &[QueuedBan]) -> ServiceResult<()> {
        let rows = checked(host, bans);
        if rows.is_empty() {
            return Ok(());
        }
        let (done, outcome) = oneshot::channel();
        self.work
            .send(Work::Bans { rows, done })
            .await
            .map_err(|_| ServiceError::invariant("the archive writer of agent bans stopped"))?;
        match outcome.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(reason)) => Err(ServiceError::Internal {
                context: format!("archiving bans of host {:?}: {reason}", host.name),
                source: None,
            }),
            Err(_) => Err(ServiceError::invariant(
                "the archive writer of agent bans stopped",
            )),
        }
    }

    /// Notes that host `id`'s agent was heard from.
    pub(super) fn seen(&self, id: i64) {
        let _ = self.work.try_send(Work::Seen(id));
    }
}

/// The bans fail2ban could hold, as archive rows; the others are logged and
/// left out: an agent's word is checked like any other input.
fn checked(host: &HostRef, bans: &[QueuedBan]) -> Vec<NewBan> {
    let (kept, refused): (Vec<&QueuedBan>, Vec<&QueuedBan>) = bans.iter().partition(|b| {
        crate::validate::jail_name(&b.jail).is_ok()
            && crate::validate::network(&b.ip).is_ok()
            && b.ban_time >= -1
    });
    if let Some(first) = refused.first() {
        warn!(
            host = %host.name,
            refused = refused.len(),
            jail = %crate::validate::clip(&first.jail, 64),
            ip = %crate::validate::clip(&first.ip, 64),
            "an agent sent bans no fail2ban could hold; left out"
        );
    }
    kept.into_iter()
        .map(|b| NewBan {
            country_code: None,
            ip: b.ip.clone(),
            jail: b.jail.clone(),
            banned_at: b.time_of_ban,
            ban_time: b.ban_time,
            ban_count: i32::try_from(b.ban_count).unwrap_or(i32::MAX),
            origin: Origin::Fail2ban,
            source_id: None,
            host_id: host.id,
        })
        .collect()
}

async fn writer(mut rx: mpsc::Receiver<Work>, db: DatabaseConnection, local: Fail2banService) {
    let mut seen: BTreeSet<i64> = BTreeSet::new();
    let mut tick = tokio::time::interval(SEEN_EVERY);
    loop {
        let first = tokio::select! {
            work = rx.recv() => match work {
                Some(work) => work,
                None => return,
            },
            _ = tick.tick() => {
                write_seen(&db, &mut seen).await;
                continue;
            }
        };
        // Everything that waits now goes with it.
        let mut batch = vec![first];
        let mut bans = 0;
        while bans < MOST
            && let Ok(work) = rx.try_recv()
        {
            if let Work::Bans { rows, .. } = &work {
                bans += rows.len();
            }
            batch.push(work);
        }
        let mut rows = Vec::new();
        let mut waiting = Vec::new();
        for work in batch {
            match work {
                Work::Bans { rows: r, done } => {
                    rows.extend(r);
                    waiting.push(done);
                }
                Work::Seen(id) => {
                    seen.insert(id);
                }
            }
        }
        if !rows.is_empty() {
            let outcome = archive_rows(&db, &local, &mut rows).await;
            debug!(
                bans = rows.len(),
                batches = waiting.len(),
                ok = outcome.is_ok(),
                "agent bans written"
            );
            let outcome = outcome.map_err(|e| e.chain());
            for done in waiting {
                let _ = done.send(outcome.clone());
            }
        }
        if !seen.is_empty() {
            write_seen(&db, &mut seen).await;
        }
    }
}

async fn archive_rows(
    db: &DatabaseConnection,
    local: &Fail2banService,
    rows: &mut [NewBan],
) -> ServiceResult<()> {
    let addresses: Vec<std::net::IpAddr> = rows.iter().filter_map(|b| b.ip.parse().ok()).collect();
    let countries = local.geo().countries(&addresses).await;
    for row in rows.iter_mut() {
        row.country_code = row
            .ip
            .parse()
            .ok()
            .and_then(|ip: std::net::IpAddr| countries.get(&ip).cloned().flatten());
    }
    if archive::record_bans(db, rows).await? > 0 {
        local.wake();
    }
    Ok(())
}

async fn write_seen(db: &DatabaseConnection, seen: &mut BTreeSet<i64>) {
    if seen.is_empty() {
        return;
    }
    let ids: Vec<i64> = std::mem::take(seen).into_iter().collect();
    let written = host::Entity::update_many()
        .col_expr(host::Column::LastSeenAt, crate::time::now().into())
        .filter(host::Column::Id.is_in(ids))
        .exec(db)
        .await;
    if let Err(e) = written {
        warn!(error = %e, "cannot note when agents were last heard from");
    }
}
