//! Runs the hub's requests against this machine's fail2ban, its database and
//! fail2ban-client, each request id once: a request that arrives again gets
//! the first one's answer.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use bangui_fail2ban::cli::{Fail2banCli, LocalCli};
use bangui_fail2ban::db::{Fail2banDb, Fail2banDbError};
use bangui_fail2ban::{Fail2ban, SocketClient};
use tokio::sync::watch;
use tracing::debug;

use crate::protocol::{Answer, DbRead, RemoteError, Request};

/// Request answers remembered for de-duplication.
const REMEMBERED: usize = 1_024;

type Outcome = Result<Answer, RemoteError>;

#[derive(Default)]
pub(crate) struct Seen {
    order: VecDeque<u64>,
    answers: HashMap<u64, watch::Receiver<Option<Outcome>>>,
}

/// Runs the hub's requests, each id once.
pub(crate) struct Runner {
    pub(crate) client: SocketClient,
    pub(crate) db: Fail2banDb,
    pub(crate) cli: LocalCli,
    pub(crate) seen: Mutex<Seen>,
}

impl Runner {
    pub(crate) async fn answer(&self, id: u64, request: Request) -> Outcome {
        let (mut answer, own) = {
            let mut seen = self
                .seen
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            match seen.answers.get(&id) {
                Some(answer) => (answer.clone(), None),
                None => {
                    let (tx, rx) = watch::channel(None);
                    seen.answers.insert(id, rx.clone());
                    seen.order.push_back(id);
                    while seen.order.len() > REMEMBERED {
                        if let Some(old) = seen.order.pop_front() {
                            seen.answers.remove(&old);
                        }
                    }
                    (rx, Some(tx))
                }
            }
        };
        if let Some(tx) = own {
            let outcome = self.execute(request).await;
            tx.send_replace(Some(outcome.clone()));
            return outcome;
        }
        debug!(id, "request received again; answering it once");
        match answer.wait_for(Option::is_some).await {
            Ok(outcome) => outcome.clone().unwrap_or_else(|| {
                Err(RemoteError::Db(
                    "the first copy of the request ended".into(),
                ))
            }),
            Err(_) => Err(RemoteError::Db(
                "the first copy of the request ended".into(),
            )),
        }
    }

    async fn execute(&self, request: Request) -> Outcome {
        let db = |e: Fail2banDbError| RemoteError::Db(e.to_string());
        match request {
            Request::Fail2ban(command) => self
                .client
                .call(command)
                .await
                .map(Answer::Value)
                .map_err(RemoteError::Fail2ban),
            Request::Client(action) => {
                let outcome = self.cli.run(&action).await;
                self.client.forget_cached();
                outcome.map(Answer::Client).map_err(RemoteError::Client)
            }
            Request::Db(DbRead::Changed) => {
                self.db.changed().await.map(Answer::Changed).map_err(db)
            }
            Request::Db(DbRead::CountCurrent { now }) => self
                .db
                .count_current(now)
                .await
                .map(Answer::Counts)
                .map_err(db),
            Request::Db(DbRead::CurrentBans { jail, now }) => self
                .db
                .current_bans(jail.as_deref(), now)
                .await
                .map(Answer::Bans)
                .map_err(db),
            Request::Db(DbRead::BannedAmong { jail, ips, now }) => self
                .db
                .banned_among(&jail, &ips, now)
                .await
                .map(|found| {
                    let mut found: Vec<String> = found.into_iter().collect();
                    found.sort();
                    Answer::Among(found)
                })
                .map_err(db),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::queue::Queue;

    #[tokio::test]
    async fn a_request_sent_twice_runs_once() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("fail2ban.sqlite3");
        // A database to read; the queue's schema will do.
        drop(Queue::open(&file).await.unwrap());
        let runner = Runner {
            client: SocketClient::new(dir.path().join("none.sock"), Duration::from_secs(1)),
            db: Fail2banDb::open(&file).unwrap(),
            cli: LocalCli::new(dir.path(), &dir.path().join("none.sock")),
            seen: Mutex::default(),
        };
        let changed = || Request::Db(DbRead::Changed);
        // The first look at a database says it changed, the next ones not:
        // the same id again gets the first answer without a second look.
        assert_eq!(runner.answer(7, changed()).await, Ok(Answer::Changed(true)));
        assert_eq!(runner.answer(7, changed()).await, Ok(Answer::Changed(true)));
        assert_eq!(
            runner.answer(8, changed()).await,
            Ok(Answer::Changed(false))
        );
    }
}
