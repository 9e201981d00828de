//! Applying new owned files: written atomically on the host, checked by fail2ban
//! (`fail2ban-client --test`), then loaded with a reload; when fail2ban
//! refuses them or cannot take them, the old files are put back and fail2ban
//! keeps running as it was.

use std::collections::BTreeMap;

use bangui_fail2ban::cli::ClientAction;
use similar::TextDiff;
use tracing::{info, warn};

use crate::error::{ServiceError, ServiceResult};
use crate::jails::{ClientOutcome, Fail2banService};

/// What fail2ban reloads after the files changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reload {
    /// Every jail (a change of `[DEFAULT]`).
    All,
    /// One jail, started or stopped as its `enabled` says.
    Jail(String),
    /// A jail whose configuration is gone: it is stopped.
    Removed(String),
}

/// One file's change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileChange {
    /// Relative to fail2ban's configuration directory.
    pub file: String,
    /// Unified diff from the old text to the new one.
    pub diff: String,
}

/// How an attempt ended.
#[derive(Debug)]
pub struct Attempt {
    pub changes: Vec<FileChange>,
    /// Set when the change was undone; `ConfigInvalid` carries fail2ban's reason.
    pub failure: Option<ServiceError>,
}

/// Gives each file of `wanted` its text (`None`: removed), then tests and
/// reloads; the caller holds the host's configuration lock.
pub async fn apply(
    fail2ban: &Fail2banService,
    wanted: BTreeMap<String, Option<String>>,
    reload: Reload,
) -> ServiceResult<Attempt> {
    let plan = read_changed(fail2ban, wanted).await?;
    let changes: Vec<FileChange> = plan
        .iter()
        .map(|p| FileChange {
            file: p.file.clone(),
            diff: diff(&p.file, p.before.as_deref(), p.after.as_deref()),
        })
        .collect();
    if plan.is_empty() {
        return Ok(Attempt {
            changes,
            failure: None,
        });
    }
    if let Err(e) = write(fail2ban, &plan, |p| p.after.clone()).await {
        restore(fail2ban, &plan).await;
        return Err(e);
    }
    let failure = match check_and_reload(fail2ban, &reload).await {
        Ok(()) => None,
        Err(e) => {
            warn!(error = %e, "fail2ban did not take the configuration change; the old files are back");
            restore(fail2ban, &plan).await;
            if !matches!(e, ServiceError::Fail2banUnreachable { .. }) {
                // Back to the old configuration in fail2ban too.
                if let Err(again) = reload_old(fail2ban, &reload).await {
                    warn!(error = %again, "reloading the old configuration failed");
                }
            }
            Some(e)
        }
    };
    if failure.is_none() {
        info!(files = plan.len(), "fail2ban configuration changed");
    }
    Ok(Attempt { changes, failure })
}

async fn check_and_reload(fail2ban: &Fail2banService, reload: &Reload) -> ServiceResult<()> {
    if let ClientOutcome::Refused(reason) = fail2ban.fail2ban_client(ClientAction::Test).await? {
        return Err(ServiceError::ConfigInvalid { reason });
    }
    run_reload(fail2ban, reload).await
}

async fn run_reload(fail2ban: &Fail2banService, reload: &Reload) -> ServiceResult<()> {
    let outcome = match reload {
        Reload::All => fail2ban.fail2ban_client(ClientAction::Reload).await?,
        Reload::Jail(jail) => {
            fail2ban
                .fail2ban_client(ClientAction::ReloadIfExists(jail.clone()))
                .await?
        }
        Reload::Removed(jail) => {
            if fail2ban.jail_names().await?.iter().any(|j| j == jail) {
                fail2ban
                    .fail2ban_client(ClientAction::Stop(jail.clone()))
                    .await?
            } else {
                ClientOutcome::Done
            }
        }
    };
    match outcome {
        ClientOutcome::Done => Ok(()),
        ClientOutcome::Refused(reason) => Err(ServiceError::ConfigInvalid { reason }),
    }
}

/// Reloads what `reload` touched from the restored files: a jail the old
/// files do not define (a new jail fail2ban half started) is stopped.
async fn reload_old(fail2ban: &Fail2banService, reload: &Reload) -> ServiceResult<()> {
    let jail = match reload {
        Reload::All => return run_reload(fail2ban, reload).await,
        Reload::Jail(jail) | Reload::Removed(jail) => jail,
    };
    match run_reload(fail2ban, &Reload::Jail(jail.clone())).await {
        Err(ServiceError::ConfigInvalid { .. }) => {
            run_reload(fail2ban, &Reload::Removed(jail.clone())).await
        }
        other => other,
    }
}

/// One file to change: its text before and after.
#[derive(Clone, Debug)]
struct Planned {
    file: String,
    before: Option<String>,
    after: Option<String>,
}

async fn read_changed(
    fail2ban: &Fail2banService,
    wanted: BTreeMap<String, Option<String>>,
) -> ServiceResult<Vec<Planned>> {
    let names: Vec<String> = wanted.keys().cloned().collect();
    let befores = fail2ban.files().read_owned(&names).await?;
    if befores.len() != names.len() {
        return Err(ServiceError::invariant(
            "the host did not read every configuration file asked for",
        ));
    }
    Ok(wanted
        .into_iter()
        .zip(befores)
        .filter(|((_, after), before)| before != after)
        .map(|((file, after), before)| Planned {
            file,
            before,
            after,
        })
        .collect())
}

async fn write(
    fail2ban: &Fail2banService,
    plan: &[Planned],
    text: impl Fn(&Planned) -> Option<String>,
) -> ServiceResult<()> {
    let files: Vec<(String, Option<String>)> =
        plan.iter().map(|p| (p.file.clone(), text(p))).collect();
    Ok(fail2ban.files().write_owned(&files).await?)
}

async fn restore(fail2ban: &Fail2banService, plan: &[Planned]) {
    if let Err(e) = write(fail2ban, plan, |p| p.before.clone()).await {
        warn!(error = %e, "the old configuration files could not be put back");
    }
}

/// A unified diff with three lines of context, `/dev/null` for a file that
/// did not exist or is removed.
pub fn diff(file: &str, before: Option<&str>, after: Option<&str>) -> String {
    let old_name = if before.is_some() {
        format!("a/{file}")
    } else {
        "/dev/null".to_owned()
    };
    let new_name = if after.is_some() {
        format!("b/{file}")
    } else {
        "/dev/null".to_owned()
    };
    TextDiff::from_lines(before.unwrap_or(""), after.unwrap_or(""))
        .unified_diff()
        .context_radius(3)
        .header(&old_name, &new_name)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::diff;

    #[test]
    fn diffs_are_unified_with_dev_null_for_new_files() {
        assert_eq!(
            diff("jail.d/bangui.local", None, Some("[sshd]\nbantime = 60\n")),
            "--- /dev/null\n+++ b/jail.d/bangui.local\n@@ -0,0 +1,2 @@\n+[sshd]\n+bantime = 60\n"
        );
        assert_eq!(
            diff(
                "jail.d/bangui.local",
                Some("[sshd]\nbantime = 60\n"),
                Some("[sshd]\nbantime = 120\n")
            ),
            "--- a/jail.d/bangui.local\n+++ b/jail.d/bangui.local\n@@ -1,2 +1,2 @@\n [sshd]\n-bantime = 60\n+bantime = 120\n"
        );
    }
}
