//! Runs the hub's requests against this machine's fail2ban, its database,
//! fail2ban-client and its configuration directory, each request id once: a request that arrives again gets
//! the first one's answer.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use bangui_fail2ban::cli::{Fail2banCli, LocalCli};
use bangui_fail2ban::conf::{Fail2banFiles, FilesError, Lines, LocalFiles};
use bangui_fail2ban::db::{Fail2banDb, Fail2banDbError};
use bangui_fail2ban::{Fail2ban, SocketClient};
use tokio::sync::watch;
use tracing::debug;

use crate::protocol::{Answer, DbRead, FilesRequest, RemoteError, Request};

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
    pub(crate) files: LocalFiles,
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
            Request::Files(request) => self.files(request).await.map_err(RemoteError::Files),
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

impl Runner {
    async fn files(&self, request: FilesRequest) -> Result<Answer, FilesError> {
        let files = &self.files;
        Ok(match request {
            FilesRequest::Layers { name } => Answer::Layers(files.layers(&name).await?),
            FilesRequest::Filters => Answer::Filters(files.filters().await?),
            FilesRequest::FilterExists { name } => {
                Answer::Exists(files.filter_exists(&name).await?)
            }
            FilesRequest::ReadOwned { files: names } => {
                Answer::Texts(files.read_owned(&names).await?)
            }
            FilesRequest::WriteOwned { files: texts } => {
                files.write_owned(&texts).await?;
                // fail2ban-client reads the files again; so do cached answers.
                self.client.forget_cached();
                Answer::Written
            }
            FilesRequest::TestRegex { regexes, lines } => {
                if let Lines::Logs { paths, .. } = &lines {
                    self.only_jail_logs(paths).await?;
                }
                Answer::Regex(files.test_regex(&regexes, &lines).await?)
            }
        })
    }

    /// Refuses a path that is not a log file of one of fail2ban's jails: the
    /// hub reads no other file of this machine.
    async fn only_jail_logs(&self, paths: &[String]) -> Result<(), FilesError> {
        let failed = |e: bangui_fail2ban::Fail2banError| {
            FilesError::failed("asking fail2ban for its jails' log files", e)
        };
        let status = self.client.status().await.map_err(failed)?;
        let mut logs = Vec::new();
        for jail in &status.jails {
            logs.extend(self.client.log_paths(jail).await.map_err(failed)?);
        }
        match paths.iter().find(|p| !logs.contains(p)) {
            Some(path) => Err(FilesError::Refused(format!(
                "{path:?} is not the log file of one of fail2ban's jails"
            ))),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use bangui_fail2ban::conf::Regexes;

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
            files: LocalFiles::new(dir.path()),
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

    #[tokio::test]
    async fn the_hub_reads_only_a_jails_logs_and_writes_only_bangui_files() {
        let sandbox = bangui_test_support::Sandbox::start().unwrap();
        let runner = Runner {
            client: SocketClient::new(sandbox.socket(), Duration::from_secs(5)),
            db: Fail2banDb::open(&sandbox.db_file()).unwrap(),
            cli: LocalCli::new(&sandbox.config_dir(), &sandbox.socket()),
            files: LocalFiles::new(&sandbox.config_dir()),
            seen: Mutex::default(),
        };
        let test_on = |paths: Vec<String>| {
            Request::Files(FilesRequest::TestRegex {
                regexes: Regexes::Installed("sshd".into()),
                lines: Lines::Logs { paths, max: 10 },
            })
        };
        let refused = runner.answer(1, test_on(vec!["/etc/passwd".into()])).await;
        assert_eq!(
            refused,
            Err(RemoteError::Files(FilesError::Refused(
                "\"/etc/passwd\" is not the log file of one of fail2ban's jails".into()
            )))
        );
        sandbox.fail_ssh_login("192.0.2.9", 1).unwrap();
        let auth_log = sandbox.dir().join("log/auth.log").display().to_string();
        match runner.answer(2, test_on(vec![auth_log])).await {
            Ok(Answer::Regex(outcome)) => {
                assert_eq!((outcome.lines_tested, outcome.matched), (1, 1));
                assert_eq!(outcome.matches[0].ip, "192.0.2.9");
            }
            other => panic!("expected a filter test, got {other:?}"),
        }
        let jail_local = sandbox.config_dir().join("jail.local");
        let before = std::fs::read_to_string(&jail_local).unwrap();
        let write = Request::Files(FilesRequest::WriteOwned {
            files: vec![(
                "jail.local".into(),
                Some("[sshd]\nenabled = false\n".into()),
            )],
        });
        assert_eq!(
            runner.answer(3, write).await,
            Err(RemoteError::Files(FilesError::Refused(
                "\"jail.local\" is not one of BanGUI's files".into()
            )))
        );
        assert_eq!(std::fs::read_to_string(&jail_local).unwrap(), before);
    }
}
