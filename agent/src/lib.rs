//! A BanGUI hub manages fail2ban on other machines through `bangui agent`: the
//! agent connects out to the hub over WebSocket, runs the typed requests the
//! hub sends against its own fail2ban, and sends the bans it reads from
//! fail2ban's database, keeping each in its own queue until the hub
//! acknowledges it.
//!
//! [`protocol`] is what both sides say; [`run`] is the agent.

pub mod protocol;
mod queue;
mod run;
mod runner;

pub use queue::{Queue, QueueError};
pub use run::{AgentConfig, AgentError, run};
