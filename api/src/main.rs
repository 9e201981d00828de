//! The `bangui` binary: parses the command line and runs the chosen command.

use std::process::ExitCode;

use anyhow::Context;
use bangui_api::cli::{Cli, Command, UserCommand};
use bangui_api::{graphql, startup, telemetry};
use bangui_core::config::{Config, Loaded};
use clap::Parser;
use tracing::{info, warn};

fn main() -> ExitCode {
    // The agent's memory is kept small: without transparent huge pages the
    // allocator's arena costs the pages it uses, not 2 MiB for each one it
    // touches. Set before anything is allocated, so before the command line
    // is parsed; an `agent` word elsewhere on the line only means the same.
    if std::env::args_os().skip(1).any(|a| a == "agent")
        && let Err(e) = rustix::thread::disable_transparent_huge_pages(true)
    {
        eprintln!("bangui: warning: transparent huge pages stay on: {e}");
    }
    let cli = Cli::parse();
    // The agent waits on its hub and fail2ban most of the time: one thread does.
    let mut builder = if matches!(cli.command, Command::Agent) {
        tokio::runtime::Builder::new_current_thread()
    } else {
        tokio::runtime::Builder::new_multi_thread()
    };
    let runtime = match builder.enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("bangui: error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bangui: error: {}", describe(&e));
            ExitCode::FAILURE
        }
    }
}

/// The error and its causes, each cause once: many errors already name their
/// cause in their own message.
fn describe(e: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in e.chain() {
        let part = cause.to_string();
        if !text.contains(&part) {
            if !text.is_empty() {
                text.push_str(": ");
            }
            text.push_str(&part);
        }
    }
    text
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Schema => {
            print!("{}", graphql::sdl());
            return Ok(());
        }
        Command::ErrorCodes => {
            print!("{}", graphql::error::typescript());
            return Ok(());
        }
        _ => {}
    }
    let Loaded { config, warnings } = Config::load(cli.config.as_deref(), std::env::vars())?;
    telemetry::init(config.log_format, &config.log_level);
    for warning in warnings {
        warn!("{warning}");
    }
    match cli.command {
        Command::Schema | Command::ErrorCodes => Ok(()),
        Command::Migrate => {
            let db = bangui_core::db::connect(config.database_url.expose()).await?;
            startup::migrate_all(&db).await?;
            db.close().await.context("closing the database")?;
            Ok(())
        }
        Command::User(command) => user_command(&config, command).await,
        Command::AsnDb { lists, out } => {
            let started = std::time::Instant::now();
            let lists: Vec<&std::path::Path> = lists.iter().map(|p| p.as_path()).collect();
            let ranges = bangui_core::geo::asn::mmdb_from_lists(&lists, &out)?;
            println!(
                "wrote {} with {ranges} ranges in {:.1} s",
                out.display(),
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::SeedDemo { bans } => {
            let db = bangui_core::db::connect(config.database_url.expose()).await?;
            startup::migrate_all(&db).await?;
            let geo = bangui_core::geo::Geo::new(
                bangui_core::geo::MmdbResolver::open(&config.geoip_db),
                None,
                db.clone(),
            );
            let started = std::time::Instant::now();
            let written =
                bangui_core::demo::seed(&db, &geo, bans, bangui_core::time::now()).await?;
            println!(
                "added {written} demo bans in {:.1} s",
                started.elapsed().as_secs_f64()
            );
            db.close().await.context("closing the database")?;
            Ok(())
        }
        Command::Agent => {
            let signals = shutdown_signals().context("installing signal handlers")?;
            let agent = agent_config(&config)?;
            bangui_agent::run(agent, signals).await?;
            Ok(())
        }
        Command::Serve | Command::Worker => {
            // Handlers first, so a signal during start-up is not lost.
            let signals = shutdown_signals().context("installing signal handlers")?;
            let running = if matches!(cli.command, Command::Worker) {
                startup::start_worker(config).await?
            } else {
                startup::start(config).await?
            };
            let handle = running.shutdown_handle();
            tokio::spawn(async move {
                signals.await;
                info!("shutdown requested");
                handle.cancel();
            });
            running.stopped().await;
            Ok(())
        }
    }
}

/// The agent's settings: the hub, the token (given, or read from its file),
/// the queue and this machine's fail2ban.
fn agent_config(config: &Config) -> anyhow::Result<bangui_agent::AgentConfig> {
    if config.agent_hub_url.is_empty() {
        anyhow::bail!("BANGUI_AGENT_HUB_URL is not set: the agent needs the hub's URL");
    }
    let token = match (&config.agent_token, &config.agent_token_file) {
        (token, _) if !token.expose().is_empty() => token.expose().to_owned(),
        (_, Some(file)) => std::fs::read_to_string(file)
            .with_context(|| format!("reading the agent token from {}", file.display()))?
            .trim()
            .to_owned(),
        _ => anyhow::bail!(
            "neither BANGUI_AGENT_TOKEN nor BANGUI_AGENT_TOKEN_FILE is set: the agent needs the token addHost showed"
        ),
    };
    if let Some(parent) = config
        .agent_state
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating {}", parent.display()))?;
    }
    Ok(bangui_agent::AgentConfig {
        hub_url: config.agent_hub_url.clone(),
        token,
        state: config.agent_state.clone(),
        fail2ban_socket: config
            .fail2ban_socket
            .clone()
            .context("bangui agent needs fail2ban's socket: BANGUI_FAIL2BAN_SOCKET is empty")?,
        fail2ban_db: config.fail2ban_db.clone(),
        fail2ban_config_dir: config.fail2ban_config_dir.clone(),
        fail2ban_timeout: config.fail2ban_timeout,
        poll: std::time::Duration::from_secs(1),
    })
}

/// Reads one line (the password) from standard input.
fn read_password() -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .context("reading the password from standard input")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

async fn user_command(config: &Config, command: UserCommand) -> anyhow::Result<()> {
    use bangui_core::auth::users;
    let db = bangui_core::db::connect(config.database_url.expose()).await?;
    startup::migrate_all(&db).await?;
    let accounts = bangui_core::auth::Accounts::new(db.clone(), Default::default());
    match command {
        UserCommand::Create { username, role } => {
            let role = bangui_core::Role::parse(&role.to_ascii_uppercase())
                .context("the role must be ADMIN, OPERATOR or VIEWER")?;
            let password = read_password()?;
            let user = accounts.create(&username, &password, role).await?;
            println!("created {} ({})", user.username, user.role);
        }
        UserCommand::ResetPassword { username } => {
            let user = users::find_by_name(&db, &username)
                .await?
                .with_context(|| format!("no user named {username:?}"))?;
            let password = read_password()?;
            accounts.set_password(user.id, &password).await?;
            let ended = bangui_core::auth::Sessions::new(
                db.clone(),
                bangui_core::auth::SessionPolicy {
                    idle: config.session_idle_timeout,
                    absolute: config.session_absolute_timeout,
                },
            )
            .revoke_user(user.id, None)
            .await?;
            println!("password of {username} reset; {ended} sessions ended");
        }
    }
    db.close().await.context("closing the database")?;
    Ok(())
}

/// A future that resolves on SIGINT or SIGTERM; the handlers are installed at once.
fn shutdown_signals() -> std::io::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate())?;
    let mut interrupt = signal(SignalKind::interrupt())?;
    Ok(async move {
        tokio::select! {
            _ = term.recv() => {}
            _ = interrupt.recv() => {}
        }
    })
}

#[cfg(test)]
mod tests {
    use super::describe;

    #[derive(Debug, thiserror::Error)]
    #[error("permission denied for database bans: {source}")]
    struct Repeats {
        source: std::io::Error,
    }

    #[test]
    fn each_cause_is_written_once() {
        let inner = std::io::Error::other("permission denied");
        let e = anyhow::Error::new(Repeats { source: inner }).context("cannot open the database");
        assert_eq!(
            describe(&e),
            "cannot open the database: permission denied for database bans: permission denied"
        );
        let e = anyhow::Error::new(std::io::Error::other("disk full")).context("cannot write");
        assert_eq!(describe(&e), "cannot write: disk full");
    }
}
