//! Time helpers: BanGUI stores every instant as Unix seconds (UTC).

use chrono::{DateTime, TimeZone, Utc};

/// The current time in Unix seconds.
pub fn now() -> i64 {
    Utc::now().timestamp()
}

/// Converts stored Unix seconds to a UTC date-time; out-of-range values clamp to the epoch.
pub fn to_datetime(secs: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(secs, 0).single().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_seconds_to_utc() {
        assert_eq!(
            to_datetime(86_400).to_rfc3339(),
            "1970-01-02T00:00:00+00:00"
        );
        assert_eq!(to_datetime(i64::MAX).timestamp(), 0);
    }
}
