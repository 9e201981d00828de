//! [`AgentClient`]: the host interface ([`Fail2ban`], [`BanReads`],
//! [`Fail2banCli`] and [`Fail2banFiles`]) of a host whose fail2ban is behind an agent, reached
//! through this instance's connection or another instance's (the relay).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use bangui_agent::protocol::{Answer, DbRead, FilesRequest, RemoteError, Request};
use bangui_fail2ban::cli::{CLIENT_TIMEOUT, ClientAction, ClientError, ClientOutcome, Fail2banCli};
use bangui_fail2ban::conf::{Fail2banFiles, FilesError, Filter, Layers, Lines, Outcome, Regexes};
use bangui_fail2ban::db::{BanReads, BanRow, Fail2banDbError};
use bangui_fail2ban::pickle::Value;
use bangui_fail2ban::{Command, Fail2ban, Fail2banError};

use super::link::{LinkError, Registry};
use super::relay::Relay;
use crate::jails::HostRef;

/// A host's fail2ban and its database, through its agent: the connection of
/// this instance, or another instance's through the relay.
#[derive(Clone)]
pub struct AgentClient {
    registry: Arc<Registry>,
    relay: Option<Arc<Relay>>,
    host: HostRef,
    timeout: Duration,
}

impl AgentClient {
    /// `timeout` bounds each request's round trip, fail2ban's time included.
    pub fn new(
        registry: Arc<Registry>,
        relay: Option<Arc<Relay>>,
        host: HostRef,
        timeout: Duration,
    ) -> AgentClient {
        AgentClient {
            registry,
            relay,
            host,
            timeout,
        }
    }

    async fn request(&self, request: Request) -> Result<Answer, LinkError> {
        self.request_within(request, self.timeout).await
    }

    async fn request_within(
        &self,
        request: Request,
        timeout: Duration,
    ) -> Result<Answer, LinkError> {
        if let Some(link) = self.registry.get(self.host.id) {
            return link.request(request, timeout).await;
        }
        if let Some(relay) = &self.relay
            && let Some(instance) = relay.holder(self.host.id).await
        {
            return relay.request(&instance, &self.host, request, timeout).await;
        }
        Err(LinkError::Unavailable(self.host.name.clone()))
    }

    async fn read(&self, read: DbRead) -> Result<Answer, Fail2banDbError> {
        self.request(Request::Db(read)).await.map_err(|e| match e {
            LinkError::Unavailable(host) => Fail2banDbError::HostUnavailable { host },
            other => Fail2banDbError::Remote {
                host: self.host.name.clone(),
                reason: other.to_string(),
            },
        })
    }

    fn unexpected(&self, answer: &Answer) -> Fail2banDbError {
        Fail2banDbError::Remote {
            host: self.host.name.clone(),
            reason: format!("unexpected answer {answer:?}"),
        }
    }
}

#[async_trait]
impl Fail2ban for AgentClient {
    async fn call(&self, command: Command) -> bangui_fail2ban::Result<Value> {
        match self.request(Request::Fail2ban(command)).await {
            Ok(Answer::Value(value)) => Ok(value),
            Ok(other) => Err(Fail2banError::Protocol(format!(
                "host {:?} answered {other:?}",
                self.host.name
            ))),
            Err(LinkError::Unavailable(host)) => Err(Fail2banError::HostUnavailable { host }),
            Err(LinkError::Timeout { after, .. }) => Err(Fail2banError::Timeout { after }),
            Err(LinkError::Remote(RemoteError::Fail2ban(e))) => Err(e),
            Err(LinkError::Remote(e)) => Err(Fail2banError::Protocol(e.to_string())),
        }
    }
}

#[async_trait]
impl Fail2banCli for AgentClient {
    async fn run(&self, action: &ClientAction) -> Result<ClientOutcome, ClientError> {
        // fail2ban-client's own bound, and the way there and back.
        let timeout = CLIENT_TIMEOUT + Duration::from_secs(5);
        match self
            .request_within(Request::Client(action.clone()), timeout)
            .await
        {
            Ok(Answer::Client(outcome)) => Ok(outcome),
            Ok(other) => Err(ClientError::Remote(format!(
                "host {:?} answered {other:?}",
                self.host.name
            ))),
            Err(LinkError::Unavailable(host)) => Err(ClientError::HostUnavailable { host }),
            Err(LinkError::Timeout { after, .. }) => Err(ClientError::Timeout { after }),
            Err(LinkError::Remote(RemoteError::Client(e))) => Err(e),
            Err(LinkError::Remote(e)) => Err(ClientError::Remote(e.to_string())),
        }
    }
}

#[async_trait]
impl BanReads for AgentClient {
    async fn changed(&self) -> Result<bool, Fail2banDbError> {
        match self.read(DbRead::Changed).await? {
            Answer::Changed(changed) => Ok(changed),
            other => Err(self.unexpected(&other)),
        }
    }

    async fn count_current(&self, now: i64) -> Result<HashMap<String, u64>, Fail2banDbError> {
        match self.read(DbRead::CountCurrent { now }).await? {
            Answer::Counts(counts) => Ok(counts),
            other => Err(self.unexpected(&other)),
        }
    }

    async fn current_bans(
        &self,
        jail: Option<&str>,
        now: i64,
    ) -> Result<Vec<BanRow>, Fail2banDbError> {
        let read = DbRead::CurrentBans {
            jail: jail.map(str::to_owned),
            now,
        };
        match self.read(read).await? {
            Answer::Bans(rows) => Ok(rows),
            other => Err(self.unexpected(&other)),
        }
    }

    async fn banned_among(
        &self,
        jail: &str,
        ips: &[String],
        now: i64,
    ) -> Result<HashSet<String>, Fail2banDbError> {
        let read = DbRead::BannedAmong {
            jail: jail.to_owned(),
            ips: ips.to_vec(),
            now,
        };
        match self.read(read).await? {
            Answer::Among(found) => Ok(found.into_iter().collect()),
            other => Err(self.unexpected(&other)),
        }
    }
}

impl AgentClient {
    async fn files(&self, request: FilesRequest) -> Result<Answer, FilesError> {
        // A filter test runs fail2ban-regex twice, each within its bound.
        let timeout = match request {
            FilesRequest::TestRegex { .. } => {
                bangui_fail2ban::conf::regex::TIME_LIMIT * 2 + Duration::from_secs(5)
            }
            _ => self.timeout,
        };
        match self.request_within(Request::Files(request), timeout).await {
            Ok(answer) => Ok(answer),
            Err(LinkError::Unavailable(host)) => Err(FilesError::HostUnavailable { host }),
            Err(LinkError::Remote(RemoteError::Files(e))) => Err(e),
            Err(LinkError::Remote(RemoteError::Unknown(reason))) => {
                Err(FilesError::Remote(format!(
                    "the agent of host {:?} cannot do this ({reason}): upgrade bangui agent there",
                    self.host.name
                )))
            }
            Err(other) => Err(FilesError::Remote(format!(
                "host {:?}: {other}",
                self.host.name
            ))),
        }
    }

    fn unexpected_files(&self, answer: &Answer) -> FilesError {
        FilesError::Remote(format!("host {:?} answered {answer:?}", self.host.name))
    }
}

#[async_trait]
impl Fail2banFiles for AgentClient {
    async fn layers(&self, name: &str) -> Result<Layers, FilesError> {
        let name = name.to_owned();
        match self.files(FilesRequest::Layers { name }).await? {
            Answer::Layers(layers) => Ok(layers),
            other => Err(self.unexpected_files(&other)),
        }
    }

    async fn filters(&self) -> Result<Vec<Filter>, FilesError> {
        match self.files(FilesRequest::Filters).await? {
            Answer::Filters(filters) => Ok(filters),
            other => Err(self.unexpected_files(&other)),
        }
    }

    async fn filter_exists(&self, name: &str) -> Result<bool, FilesError> {
        let name = name.to_owned();
        match self.files(FilesRequest::FilterExists { name }).await? {
            Answer::Exists(exists) => Ok(exists),
            other => Err(self.unexpected_files(&other)),
        }
    }

    async fn read_owned(&self, files: &[String]) -> Result<Vec<Option<String>>, FilesError> {
        let files = files.to_vec();
        match self.files(FilesRequest::ReadOwned { files }).await? {
            Answer::Texts(texts) => Ok(texts),
            other => Err(self.unexpected_files(&other)),
        }
    }

    async fn write_owned(&self, files: &[(String, Option<String>)]) -> Result<(), FilesError> {
        let files = files.to_vec();
        match self.files(FilesRequest::WriteOwned { files }).await? {
            Answer::Written => Ok(()),
            other => Err(self.unexpected_files(&other)),
        }
    }

    async fn test_regex(&self, regexes: &Regexes, lines: &Lines) -> Result<Outcome, FilesError> {
        let request = FilesRequest::TestRegex {
            regexes: regexes.clone(),
            lines: lines.clone(),
        };
        match self.files(request).await? {
            Answer::Regex(outcome) => Ok(outcome),
            other => Err(self.unexpected_files(&other)),
        }
    }
}
