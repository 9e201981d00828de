//! The `bangui` binary: parses the command line and runs the chosen command.

use std::process::ExitCode;

use anyhow::Context;
use bangui_api::cli::{Cli, Command};
use bangui_api::{graphql, startup, telemetry};
use bangui_core::config::{Config, Loaded};
use clap::Parser;
use tracing::{info, warn};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("bangui: error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bangui: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    if let Command::Schema = cli.command {
        print!("{}", graphql::sdl());
        return Ok(());
    }
    let Loaded { config, warnings } = Config::load(cli.config.as_deref(), std::env::vars())?;
    telemetry::init(config.log_format, &config.log_level);
    for warning in warnings {
        warn!("{warning}");
    }
    match cli.command {
        Command::Schema => Ok(()),
        Command::Migrate => {
            let db = bangui_core::db::connect(&config.database_url).await?;
            startup::migrate_all(&db).await?;
            db.close().await.context("closing the database")?;
            Ok(())
        }
        Command::Serve => {
            let running = startup::start(config).await?;
            let handle = running.shutdown_handle();
            tokio::spawn(async move {
                shutdown_signal().await;
                info!("shutdown requested");
                handle.cancel();
            });
            running.stopped().await;
            Ok(())
        }
    }
}

/// Resolves on SIGINT or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = ctrl_c => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = ctrl_c.await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}
