//! What BanGUI's tests and benchmarks share, so that each is written once: a
//! fresh database on SQLite or PostgreSQL ([`db`]), a real fail2ban-server in a
//! temporary directory ([`sandbox`]), a fail2ban-shaped database to write rows
//! into ([`fail2ban_db`]), local HTTP servers for lists ([`lists`]) and for
//! notifications ([`receiver`]), an SMTP server ([`smtp`]), builders of common rows ([`rows`]) and the check that
//! the archive's rollups match its bans ([`rollups`]). A dev-dependency only: nothing here
//! reaches the server BanGUI ships.

#![expect(clippy::expect_used, reason = "a test's set-up fails loudly")]

pub mod db;
pub mod fail2ban_db;
pub mod lists;
pub mod receiver;
pub mod rollups;
pub mod rows;
pub mod sandbox;
pub mod smtp;

pub use db::TestDb;
pub use sandbox::Sandbox;
