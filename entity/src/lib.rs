//! BanGUI's database tables as SeaORM entities, one module per table.
//!
//! Every timestamp column holds Unix seconds (UTC) as a 64-bit integer: portable
//! between SQLite and PostgreSQL, cheap to index and to bucket in aggregations.

pub mod api_token;
pub mod audit_log;
pub mod ban_count_bucket;
pub mod ban_history;
pub mod ban_host_bucket;
pub mod ban_intent;
pub mod ban_ip_day;
pub mod ban_ip_total;
pub mod blocklist_ip;
pub mod blocklist_source;
pub mod config_change;
pub mod delivery;
pub mod geo_cache;
pub mod host;
pub mod ignore_entry;
pub mod import_run;
pub mod jail_config;
pub mod kinds;
pub mod notification_channel;
pub mod notification_rule;
pub mod notification_rule_channel;
pub mod notify_cursor;
pub mod session;
pub mod setting;
pub mod sync_state;
pub mod timed_unban;
pub mod user;
