//! The handle on one fail2ban: its socket client, its database and BanGUI's
//! archive, shared by reads, bans and control.

use std::path::PathBuf;
use std::sync::Arc;

use bangui_fail2ban::cli::{Fail2banCli, LocalCli};
use bangui_fail2ban::conf::{Fail2banFiles, LocalFiles};
use bangui_fail2ban::db::{BanReads, Fail2banDb};
use bangui_fail2ban::{Fail2ban, Fail2banError};
use sea_orm::DatabaseConnection;

use crate::error::ServiceError;
use crate::events::Written;
use crate::geo::Geo;

/// fail2ban's reachability, version and jails.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Probe {
    pub reachable: bool,
    pub version: Option<String>,
    pub jails: Vec<String>,
}

/// The host a fail2ban runs on: its id (`host.id`, the archive's `host_id`)
/// and name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostRef {
    pub id: i64,
    pub name: String,
}

impl HostRef {
    /// The local host before its name is known.
    pub fn local() -> HostRef {
        HostRef {
            id: entity::host::LOCAL_HOST_ID,
            name: "local".to_owned(),
        }
    }

    pub fn is_local(&self) -> bool {
        self.id == entity::host::LOCAL_HOST_ID
    }

    /// An audit target on this host: `what` itself on the local host,
    /// `name:what` on another.
    pub fn target(&self, what: &str) -> String {
        if self.is_local() {
            what.to_owned()
        } else {
            format!("{}:{what}", self.name)
        }
    }
}

/// Everything BanGUI does with one host's fail2ban. Clones share one client.
#[derive(Clone)]
pub struct Fail2banService {
    pub(super) host: HostRef,
    pub(super) client: Arc<dyn Fail2ban>,
    /// The host's fail2ban database, wherever it is.
    pub(super) reads: Arc<dyn BanReads>,
    /// fail2ban-client for the host's fail2ban, wherever it is.
    pub(super) cli: Arc<dyn Fail2banCli>,
    pub(super) geo: Arc<Geo>,
    /// This machine's fail2ban database, for the views that read it directly.
    pub(super) reader: Fail2banDb,
    pub(super) db: DatabaseConnection,
    /// The host's fail2ban configuration directory, wherever it is.
    pub(super) files: Arc<dyn Fail2banFiles>,
    /// Woken after each write to the archive.
    pub(super) written: Written,
}

impl Fail2banService {
    pub fn new(
        client: Arc<dyn Fail2ban>,
        geo: Arc<Geo>,
        reader: Fail2banDb,
        db: DatabaseConnection,
        socket: PathBuf,
        config_dir: PathBuf,
    ) -> Self {
        Self {
            host: HostRef::local(),
            client,
            reads: Arc::new(reader.clone()),
            cli: Arc::new(LocalCli::new(&config_dir, &socket)),
            files: Arc::new(LocalFiles::new(&config_dir)),
            geo,
            reader,
            db,
            written: Written::default(),
        }
    }

    /// The service for the fail2ban of `config`: its socket, its database
    /// (opened read-only) and its configuration directory.
    pub fn configured(
        config: &crate::Config,
        db: DatabaseConnection,
        geo: Arc<Geo>,
    ) -> crate::ServiceResult<Self> {
        // Without a local fail2ban the service is only the template of the
        // agent hosts' ones; nothing sends to its socket.
        let socket = config.fail2ban_socket.clone().unwrap_or_default();
        let client = bangui_fail2ban::SocketClient::new(&socket, config.fail2ban_timeout);
        let reader = Fail2banDb::open(&config.fail2ban_db)?;
        Ok(Fail2banService::new(
            Arc::new(client),
            geo,
            reader,
            db,
            socket,
            config.fail2ban_config_dir.clone(),
        ))
    }

    /// The service, waking `written`'s tailer after each write to the archive.
    pub fn waking(mut self, written: Written) -> Self {
        self.written = written;
        self
    }

    /// The same service with the local host's name.
    pub fn named(mut self, name: &str) -> Self {
        self.host.name = name.to_owned();
        self
    }

    /// The same service aimed at another host: its fail2ban, its database,
    /// its fail2ban-client and its configuration directory reached through
    /// `remote`.
    pub fn for_host<R>(&self, host: HostRef, remote: Arc<R>) -> Self
    where
        R: Fail2ban + BanReads + Fail2banCli + Fail2banFiles + 'static,
    {
        Self {
            host,
            client: remote.clone(),
            reads: remote.clone(),
            cli: remote.clone(),
            files: remote,
            ..self.clone()
        }
    }

    pub fn geo(&self) -> &Arc<Geo> {
        &self.geo
    }

    /// Wakes the event tailer after a write to the archive.
    pub fn wake(&self) {
        self.written.notify();
    }

    pub fn host(&self) -> &HostRef {
        &self.host
    }

    /// The host's fail2ban database.
    pub fn reads(&self) -> &Arc<dyn BanReads> {
        &self.reads
    }

    pub fn client(&self) -> &Arc<dyn Fail2ban> {
        &self.client
    }

    pub fn reader(&self) -> &Fail2banDb {
        &self.reader
    }

    /// The host's fail2ban configuration directory.
    pub fn files(&self) -> &Arc<dyn Fail2banFiles> {
        &self.files
    }

    /// Whether fail2ban answers, with its version and jails.
    pub async fn probe(&self) -> Probe {
        let (version, status) = tokio::join!(self.client.version(), self.client.status());
        match (version, status) {
            (Ok(version), Ok(status)) => Probe {
                reachable: true,
                version: Some(version),
                jails: status.jails,
            },
            _ => Probe {
                reachable: false,
                version: None,
                jails: Vec::new(),
            },
        }
    }
}

pub(super) fn not_found(jail: &str) -> ServiceError {
    ServiceError::NotFound(format!("fail2ban has no running jail named {jail:?}"))
}

/// Turns fail2ban's unknown-jail answer into NotFound, other errors unchanged.
pub(super) fn jail_error(e: Fail2banError, jail: &str) -> ServiceError {
    match e {
        Fail2banError::UnknownJail(_) => not_found(jail),
        other => other.into(),
    }
}
