//! Integration tests of the bangui server: one binary, a module per domain.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test helper fails loudly when its set-up breaks"
)]

mod accounts;
mod archive;
mod blocklists;
mod config_crash;
mod configuration;
mod contract;
mod database;
mod event_feed;
mod export;
mod fleet;
mod fuzz;
mod geo;
mod hardening;
mod health;
mod helpers;
mod import_crash;
mod instances;
mod jail_control;
mod jails;
mod limits;
mod lockout;
mod metrics;
mod networks;
mod notifications;
mod offenders;
mod policy;
mod schema;
mod startup;
mod tokens;
mod ws;
