//! Login throttling per username and per client address: after a few failures
//! each further attempt must wait twice as long as the one before.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::error::{ServiceError, ServiceResult};

/// Failures allowed before delays start.
const FREE_FAILURES: u32 = 5;
/// Longest delay.
const MAX_DELAY: Duration = Duration::from_secs(15 * 60);
/// Entries untouched for this long are forgotten.
const FORGET_AFTER: Duration = Duration::from_secs(60 * 60);

#[derive(Clone, Copy)]
struct Failures {
    count: u32,
    last: Instant,
}

/// Tracks failed sign-ins.
#[derive(Default)]
pub struct LoginLimiter {
    entries: Mutex<HashMap<String, Failures>>,
}

fn delay(count: u32) -> Duration {
    if count < FREE_FAILURES {
        return Duration::ZERO;
    }
    let exp = (count - FREE_FAILURES).min(20);
    Duration::from_secs(1u64 << exp).min(MAX_DELAY)
}

impl LoginLimiter {
    fn keys(username: &str, client: &str) -> [String; 2] {
        [
            format!("user:{}", username.to_lowercase()),
            format!("addr:{client}"),
        ]
    }

    /// Refuses the attempt while a delay for the user or the address runs.
    pub fn check(&self, username: &str, client: &str) -> ServiceResult<()> {
        let entries = self
            .entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let now = Instant::now();
        let wait = Self::keys(username, client)
            .iter()
            .filter_map(|k| entries.get(k))
            .map(|f| delay(f.count).saturating_sub(now.duration_since(f.last)))
            .max()
            .unwrap_or_default();
        if wait.is_zero() {
            Ok(())
        } else {
            Err(ServiceError::RateLimited {
                retry_after_secs: wait.as_secs().max(1),
            })
        }
    }

    /// Counts a failed attempt.
    pub fn failed(&self, username: &str, client: &str) {
        let mut entries = self
            .entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let now = Instant::now();
        entries.retain(|_, f| now.duration_since(f.last) < FORGET_AFTER);
        for key in Self::keys(username, client) {
            let entry = entries.entry(key).or_insert(Failures {
                count: 0,
                last: now,
            });
            entry.count = entry.count.saturating_add(1);
            entry.last = now;
        }
    }

    /// Forgets the user's failures after a successful sign-in.
    pub fn succeeded(&self, username: &str) {
        let mut entries = self
            .entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        entries.remove(&format!("user:{}", username.to_lowercase()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_after_free_failures() {
        assert_eq!(delay(4), Duration::ZERO);
        assert_eq!(delay(5), Duration::from_secs(1));
        assert_eq!(delay(8), Duration::from_secs(8));
        assert_eq!(delay(100), MAX_DELAY);
    }

    #[test]
    fn limits_by_user_and_by_address() {
        let limiter = LoginLimiter::default();
        for _ in 0..5 {
            limiter.check("alice", "192.0.2.1").unwrap();
            limiter.failed("alice", "192.0.2.1");
        }
        assert!(matches!(
            limiter.check("alice", "198.51.100.9"),
            Err(ServiceError::RateLimited {
                retry_after_secs: 1
            })
        ));
        assert!(limiter.check("bob", "192.0.2.1").is_err());
        assert!(limiter.check("bob", "198.51.100.9").is_ok());
        limiter.succeeded("alice");
        assert!(limiter.check("alice", "198.51.100.9").is_ok());
    }
}
