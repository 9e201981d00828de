//! Jails and bans through fail2ban: reading state, changing settings, banning and
//! unbanning, with every ban and unban written to the archive.

use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use bangui_fail2ban::db::{BanRow, Fail2banDb};
use bangui_fail2ban::{Fail2ban, Fail2banError, JailSetting, JailStatus};
use ipnet::IpNet;
use sea_orm::DatabaseConnection;
use tracing::{info, instrument, warn};

use crate::archive::{self, NewBan, Origin};
use crate::error::{ServiceError, ServiceResult};
use crate::events::Written;
use crate::geo::Geo;
use crate::{settings, validate};

/// Addresses per `banip` command: fail2ban runs its action once per address
/// (about 4.5 ms each with the dummy action), so 200 hold its socket for about
/// a second, and the GUI's own calls wait no longer than that.
pub const BAN_BATCH: usize = 200;

/// Setting that remembers every jail seen.
const KNOWN_JAILS: &str = "known_jails";

/// What fail2ban-client prints when it cannot reach the server.
const UNREACHABLE: [&str; 3] = [
    "Failed to access socket",
    "Is fail2ban running",
    "Could not find server",
];

/// What fail2ban-client prints when it cannot read a configuration file.
const UNREADABLE: &str = "Could not read config files";

/// How long `fail2ban-client` may take to reload or start a jail.
const CLIENT_TIMEOUT: Duration = Duration::from_secs(60);

/// What a single ban did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BanOutcome {
    pub jail: String,
    pub ip: String,
    pub already_banned: bool,
}

/// What a bulk ban did.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct BulkBanOutcome {
    pub jail: String,
    pub banned: i64,
    pub already_banned: i64,
    pub invalid: Vec<String>,
}

/// fail2ban's reachability, version and jails.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Probe {
    pub reachable: bool,
    pub version: Option<String>,
    pub jails: Vec<String>,
}

/// New values for a jail's settings; `None` leaves one unchanged.
#[derive(Clone, Debug, Default)]
pub struct JailSettings {
    pub ban_time: Option<i64>,
    pub find_time: Option<i64>,
    pub max_retry: Option<i64>,
}

/// Everything BanGUI does with fail2ban. Clones share one socket client.
#[derive(Clone)]
pub struct Fail2banService {
    client: Arc<dyn Fail2ban>,
    geo: Arc<Geo>,
    reader: Fail2banDb,
    db: DatabaseConnection,
    socket: PathBuf,
    config_dir: PathBuf,
    /// Woken after each write to the archive.
    written: Written,
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
            client,
            geo,
            reader,
            db,
            socket,
            config_dir,
            written: Written::default(),
        }
    }

    /// The service, waking `written`'s tailer after each write to the archive.
    pub fn waking(mut self, written: Written) -> Self {
        self.written = written;
        self
    }

    pub fn client(&self) -> &Arc<dyn Fail2ban> {
        &self.client
    }

    pub fn reader(&self) -> &Fail2banDb {
        &self.reader
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

    /// Names of the running jails.
    pub async fn jail_names(&self) -> ServiceResult<Vec<String>> {
        Ok(self.client.status().await?.jails)
    }

    /// Every jail BanGUI has seen, with whether it runs now, sorted by name.
    /// fail2ban forgets a stopped jail; BanGUI remembers it so it can be started.
    pub async fn jails(&self) -> ServiceResult<Vec<(String, bool)>> {
        let running = self.jail_names().await?;
        let mut known: Vec<String> = settings::get(&self.db, KNOWN_JAILS)
            .await?
            .unwrap_or_default();
        let before = known.len();
        for name in &running {
            if !known.contains(name) {
                known.push(name.clone());
            }
        }
        known.sort();
        if known.len() != before {
            settings::put(&self.db, KNOWN_JAILS, &known).await?;
        }
        Ok(known
            .into_iter()
            .map(|name| {
                let up = running.contains(&name);
                (name, up)
            })
            .collect())
    }

    /// Checks the name and that fail2ban runs such a jail.
    pub async fn require_jail(&self, name: &str) -> ServiceResult<()> {
        validate::jail_name(name)?;
        if self.jail_names().await?.iter().any(|j| j == name) {
            Ok(())
        } else {
            Err(not_found(name))
        }
    }

    pub async fn status(&self, jail: &str) -> ServiceResult<JailStatus> {
        self.client
            .jail_status(jail)
            .await
            .map_err(|e| jail_error(e, jail))
    }

    pub async fn setting(&self, jail: &str, setting: JailSetting) -> ServiceResult<i64> {
        self.client
            .get(jail, setting)
            .await
            .map_err(|e| jail_error(e, jail))
    }

    pub async fn ignore_ips(&self, jail: &str) -> ServiceResult<Vec<String>> {
        self.client
            .ignore_ips(jail)
            .await
            .map_err(|e| jail_error(e, jail))
    }

    pub async fn log_paths(&self, jail: &str) -> ServiceResult<Vec<String>> {
        self.client
            .log_paths(jail)
            .await
            .map_err(|e| jail_error(e, jail))
    }

    pub async fn actions(&self, jail: &str) -> ServiceResult<Vec<String>> {
        self.client
            .actions(jail)
            .await
            .map_err(|e| jail_error(e, jail))
    }

    /// Changes the given settings of a running jail.
    #[instrument(skip_all, fields(jail = %jail))]
    pub async fn update_settings(&self, jail: &str, settings: &JailSettings) -> ServiceResult<()> {
        let ban_time = settings.ban_time.map(validate::ban_time).transpose()?;
        let find_time = settings.find_time.map(validate::find_time).transpose()?;
        let max_retry = settings.max_retry.map(validate::max_retry).transpose()?;
        self.require_jail(jail).await?;
        let changes = [
            (JailSetting::BanTime, ban_time),
            (JailSetting::FindTime, find_time),
            (JailSetting::MaxRetry, max_retry),
        ];
        for (setting, value) in changes {
            if let Some(value) = value {
                self.client
                    .set(jail, setting, value)
                    .await
                    .map_err(|e| jail_error(e, jail))?;
            }
        }
        info!("jail settings changed");
        Ok(())
    }

    /// Adds an address or network to the jail's ignore list.
    pub async fn add_ignore_ip(&self, jail: &str, entry: &str) -> ServiceResult<()> {
        let net = validate::network(entry)?;
        self.require_jail(jail).await?;
        self.client
            .add_ignore_ip(jail, &ignore_entry(net))
            .await
            .map_err(|e| jail_error(e, jail))?;
        Ok(())
    }

    /// Removes an entry from the jail's ignore list.
    pub async fn remove_ignore_ip(&self, jail: &str, entry: &str) -> ServiceResult<()> {
        let net = validate::network(entry)?;
        self.require_jail(jail).await?;
        let current = self.ignore_ips(jail).await?;
        let wanted = ignore_entry(net);
        let existing = current
            .iter()
            .find(|e| validate::network(e).is_ok_and(|n| n == net) || **e == wanted)
            .ok_or_else(|| {
                ServiceError::NotFound(format!("{entry} is not on the ignore list of jail {jail}"))
            })?;
        self.client
            .del_ignore_ip(jail, existing)
            .await
            .map_err(|e| jail_error(e, jail))?;
        Ok(())
    }

    /// Bans one address and archives it with origin MANUAL.
    #[instrument(skip_all, fields(jail = %jail, ip = %ip))]
    pub async fn ban(&self, jail: &str, ip: &str) -> ServiceResult<BanOutcome> {
        let addr = validate::bannable_ip(ip)?;
        self.require_jail(jail).await?;
        let newly = self
            .ban_batch(jail, &[IpNet::from(addr)], Origin::Manual, None)
            .await?;
        info!(already_banned = newly == 0, "manual ban");
        Ok(BanOutcome {
            jail: jail.to_owned(),
            ip: addr.to_string(),
            already_banned: newly == 0,
        })
    }

    /// Bans many addresses with multi-address commands, in batches.
    #[instrument(skip_all, fields(jail = %jail, count = ips.len()))]
    pub async fn ban_many(
        &self,
        jail: &str,
        ips: &[String],
        origin: Origin,
        source_id: Option<i64>,
    ) -> ServiceResult<BulkBanOutcome> {
        let mut outcome = BulkBanOutcome {
            jail: jail.to_owned(),
            ..Default::default()
        };
        let mut valid = Vec::with_capacity(ips.len());
        let mut seen = std::collections::HashSet::with_capacity(ips.len());
        for text in ips {
            match validate::bannable_ip(text) {
                Ok(addr) if seen.insert(addr) => valid.push(IpNet::from(addr)),
                Ok(_) => outcome.already_banned += 1,
                Err(_) => outcome.invalid.push(text.clone()),
            }
        }
        let (banned, already) = self.ban_targets(jail, &valid, origin, source_id).await?;
        outcome.banned = banned;
        outcome.already_banned += already;
        info!(
            banned = outcome.banned,
            already = outcome.already_banned,
            invalid = outcome.invalid.len(),
            "bulk ban"
        );
        Ok(outcome)
    }

    /// Bans checked addresses and networks (a blocklist's) in batches; returns
    /// how many were new and how many were banned already.
    #[instrument(skip_all, fields(jail = %jail, count = targets.len()))]
    pub async fn ban_targets(
        &self,
        jail: &str,
        targets: &[IpNet],
        origin: Origin,
        source_id: Option<i64>,
    ) -> ServiceResult<(i64, i64)> {
        self.require_jail(jail).await?;
        let (mut banned, mut already) = (0, 0);
        for batch in targets.chunks(BAN_BATCH) {
            let newly = self.ban_batch(jail, batch, origin, source_id).await?;
            banned += newly;
            already += batch.len() as i64 - newly;
        }
        Ok((banned, already))
    }

    /// One multi-address `banip` plus the archive rows; returns how many were new.
    /// A network's country is its first address's.
    async fn ban_batch(
        &self,
        jail: &str,
        targets: &[IpNet],
        origin: Origin,
        source_id: Option<i64>,
    ) -> ServiceResult<i64> {
        let ban_time = self.setting(jail, JailSetting::BanTime).await?;
        let now = crate::time::now();
        // fail2ban's database says which were banned already; when it cannot be
        // read, the count fail2ban returns decides whether anything is archived.
        let texts: Vec<String> = targets.iter().map(bangui_fail2ban::target).collect();
        let before = self.reader.banned_among(jail, &texts, now).await.ok();
        let fresh: Vec<String> = texts
            .iter()
            .filter(|text| before.as_ref().is_none_or(|b| !b.contains(*text)))
            .cloned()
            .collect();
        // Noted first: if this is interrupted after fail2ban bans, the sync
        // still archives the bans under their origin.
        crate::intent::declare(&self.db, jail, &fresh, origin, source_id).await?;
        let newly = self
            .client
            .ban(jail, targets)
            .await
            .map_err(|e| jail_error(e, jail))?;
        if newly == 0 {
            crate::intent::settle(&self.db, jail, &fresh).await?;
            return Ok(0);
        }
        let firsts: Vec<IpAddr> = targets.iter().map(IpNet::network).collect();
        let countries = self.geo.countries(&firsts).await;
        let rows: Vec<NewBan> = targets
            .iter()
            .zip(texts)
            .filter(|(_, text)| before.as_ref().is_none_or(|b| !b.contains(text)))
            .map(|(net, ip)| NewBan {
                country_code: countries.get(&net.network()).cloned().flatten(),
                ip,
                jail: jail.to_owned(),
                banned_at: now,
                ban_time,
                ban_count: 1,
                origin,
                source_id,
            })
            .collect();
        archive::record_bans(&self.db, &rows).await?;
        self.written.notify();
        crate::intent::settle(&self.db, jail, &fresh).await?;
        Ok(newly)
    }

    /// Unbans an address in one jail, or in every jail where it is banned.
    /// Returns the jails it was unbanned from.
    #[instrument(skip_all, fields(ip = %ip))]
    pub async fn unban(&self, ip: &str, jail: Option<&str>) -> ServiceResult<Vec<String>> {
        let addr = validate::ip(ip)?;
        let jails = match jail {
            Some(jail) => {
                self.require_jail(jail).await?;
                vec![jail.to_owned()]
            }
            None => self.client.banned_in(addr).await?,
        };
        let mut unbanned = Vec::new();
        for jail in jails {
            if self
                .unban_target(&jail, IpNet::from(addr), Origin::Manual)
                .await?
            {
                unbanned.push(jail);
            }
        }
        info!(jails = ?unbanned, "manual unban");
        Ok(unbanned)
    }

    /// Unbans an address or network in a jail and archives the unban; returns
    /// whether it was banned.
    pub async fn unban_target(
        &self,
        jail: &str,
        target: IpNet,
        origin: Origin,
    ) -> ServiceResult<bool> {
        let count = self
            .client
            .unban(jail, &[target])
            .await
            .map_err(|e| jail_error(e, jail))?;
        if count > 0 {
            archive::record_unban(
                &self.db,
                jail,
                &bangui_fail2ban::target(&target),
                crate::time::now(),
                origin,
            )
            .await?;
            self.written.notify();
        }
        Ok(count > 0)
    }

    /// Bans in force now according to fail2ban's own database.
    pub async fn live_bans(&self, jail: Option<&str>) -> ServiceResult<Vec<BanRow>> {
        Ok(self.reader.current_bans(jail, crate::time::now()).await?)
    }

    /// Stops a jail.
    #[instrument(skip_all, fields(jail = %jail))]
    pub async fn stop_jail(&self, jail: &str) -> ServiceResult<()> {
        self.require_jail(jail).await?;
        self.client
            .stop_jail(jail)
            .await
            .map_err(|e| jail_error(e, jail))?;
        info!("jail stopped");
        Ok(())
    }

    /// Starts a configured jail (fail2ban-client reads its configuration).
    #[instrument(skip_all, fields(jail = %jail))]
    pub async fn start_jail(&self, jail: &str) -> ServiceResult<()> {
        validate::jail_name(jail)?;
        if self.jail_names().await?.iter().any(|j| j == jail) {
            return Ok(());
        }
        // `reload --if-exists` reads the jail's configuration and starts it;
        // a plain `start` or `reload` refuses a jail fail2ban has forgotten.
        self.run_client(&["reload", "--if-exists", jail]).await?;
        if !self.jail_names().await?.iter().any(|j| j == jail) {
            return Err(not_found(jail));
        }
        info!("jail started");
        Ok(())
    }

    /// Reloads fail2ban's configuration, for one jail or all.
    #[instrument(skip_all, fields(jail = ?jail))]
    pub async fn reload(&self, jail: Option<&str>) -> ServiceResult<()> {
        match jail {
            Some(jail) => {
                self.require_jail(jail).await?;
                self.run_client(&["reload", jail]).await?;
            }
            None => self.run_client(&["reload"]).await?,
        }
        info!("fail2ban reloaded");
        Ok(())
    }

    /// Runs `fail2ban-client` with BanGUI's socket and fail2ban's configuration.
    async fn run_client(&self, args: &[&str]) -> ServiceResult<()> {
        let mut command = tokio::process::Command::new("fail2ban-client");
        command
            .arg("-c")
            .arg(&self.config_dir)
            .arg("-s")
            .arg(&self.socket)
            .args(args)
            .kill_on_drop(true);
        let output = tokio::time::timeout(CLIENT_TIMEOUT, command.output()).await;
        self.client.forget_cached();
        let output = output
            .map_err(|_| Fail2banError::Timeout {
                after: CLIENT_TIMEOUT,
            })?
            .map_err(|e| ServiceError::Internal(format!("cannot run fail2ban-client: {e}")))?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        if UNREACHABLE.iter().any(|m| stderr.contains(m)) {
            return Err(Fail2banError::Unavailable {
                socket: self.socket.clone(),
                reason: "fail2ban-client could not reach the server".to_owned(),
            }
            .into());
        }
        // fail2ban-client skips a configuration file it cannot read, reloads
        // without it (dropping the jails it held) and still reports success.
        if let Some(line) = stderr.lines().find(|l| l.contains(UNREADABLE)) {
            warn!(output = %line.trim(), "fail2ban-client could not read fail2ban's configuration");
            return Err(ServiceError::Internal(
                "fail2ban-client could not read fail2ban's configuration".to_owned(),
            ));
        }
        if output.status.success() {
            return Ok(());
        }
        let reason = stderr
            .lines()
            .rev()
            .find(|l| l.contains("ERROR"))
            .unwrap_or("fail2ban-client failed")
            .trim()
            .to_owned();
        Err(ServiceError::BadInput(format!(
            "fail2ban refused: {reason}"
        )))
    }
}

fn not_found(jail: &str) -> ServiceError {
    ServiceError::NotFound(format!("fail2ban has no running jail named {jail:?}"))
}

/// Turns fail2ban's unknown-jail answer into NotFound, other errors unchanged.
fn jail_error(e: Fail2banError, jail: &str) -> ServiceError {
    match e {
        Fail2banError::UnknownJail(_) => not_found(jail),
        other => other.into(),
    }
}

/// How an ignore-list entry is written: bare address for /32 and /128.
fn ignore_entry(net: ipnet::IpNet) -> String {
    if net.prefix_len() == net.max_prefix_len() {
        net.addr().to_string()
    } else {
        net.to_string()
    }
}
