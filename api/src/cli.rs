//! The `bangui` command line.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// BanGUI: a GraphQL API and web dashboard for fail2ban.
#[derive(Debug, Parser)]
#[command(name = "bangui", version, about, after_long_help = bangui_core::Config::help_text())]
pub struct Cli {
    /// TOML file with settings (same keys as below, lower case without BANGUI_).
    #[arg(long, short, global = true, env = "BANGUI_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Apply migrations, start the background workers and serve the API and dashboard.
    Serve,
    /// Run only the background workers (sync, imports, upkeep), no HTTP server.
    Worker,
    /// Run beside fail2ban on another machine and connect out to the hub
    /// (BANGUI_AGENT_HUB_URL) with the agent token that `addHost` showed.
    Agent,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Print the GraphQL schema (SDL); schema.graphql must equal it.
    Schema,
    /// Print the error codes as TypeScript; web/src/api/errorCodes.ts must equal it.
    ErrorCodes,
    /// Fill the archive with realistic demo bans (a year of them).
    SeedDemo {
        /// How many bans to add.
        #[arg(long, default_value_t = 10_000)]
        bans: u64,
    },
    /// Manage accounts from the command line (for an operator locked out).
    #[command(subcommand)]
    User(UserCommand),
    /// Convert ip-location-db ASN lists (CSV: first,last,number,name) into the
    /// MMDB that BANGUI_ASN_DB names.
    AsnDb {
        /// The lists (asn-ipv4.csv, asn-ipv6.csv).
        #[arg(required = true)]
        lists: Vec<std::path::PathBuf>,
        /// The MMDB to write (replaced by rename).
        #[arg(long)]
        out: std::path::PathBuf,
    },
}

/// Account commands; the password is read from standard input (one line).
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account.
    Create {
        #[arg(long)]
        username: String,
        /// ADMIN, OPERATOR or VIEWER.
        #[arg(long, default_value = "ADMIN")]
        role: String,
    },
    /// Set a new password for an account and end its sessions.
    ResetPassword {
        #[arg(long)]
        username: String,
    },
}
