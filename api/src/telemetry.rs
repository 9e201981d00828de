//! Logging set-up: readable lines by default, JSON lines on request.

use bangui_core::config::LogFormat;
use tracing_subscriber::EnvFilter;

/// Installs the global tracing subscriber; `filter` follows `RUST_LOG` syntax.
/// Calling it again (as tests do) keeps the first subscriber.
pub fn init(format: LogFormat, filter: &str) {
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(true);
    let _already_set = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
}
