//! Password-guess throttling. Every attempt is counted before its password is
//! checked, so parallel guesses cannot all slip through; a success forgives it.
//!
//! Guesses slow down the address they come from (per address, and per address
//! and account), never the account's owner elsewhere: an address that has
//! signed in to the account before is not held back by failures from other
//! addresses. Failures against one account from many addresses slow the
//! addresses without that history too, gently, so a spread-out guesser still
//! gets little more than a guess a minute.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::error::{ServiceError, ServiceResult};

/// Failures allowed per address (and per address and account) before delays start.
const FREE_FAILURES: u32 = 5;
/// Longest delay for one address.
const MAX_DELAY: Duration = Duration::from_secs(15 * 60);
/// Failures against one account, from all addresses, before addresses the
/// account has not signed in from are slowed.
const FREE_ACCOUNT_FAILURES: u32 = 50;
/// Longest delay an account's failures impose on an unknown address.
const MAX_ACCOUNT_DELAY: Duration = Duration::from_secs(60);
/// Entries untouched for this long are forgotten.
const FORGET_AFTER: Duration = Duration::from_secs(60 * 60);
/// Addresses an account signed in from are remembered this long.
const KNOWN_FOR: Duration = Duration::from_secs(30 * 24 * 60 * 60);
/// Most entries kept; past it the stalest go first.
const MAX_ENTRIES: usize = 100_000;

#[derive(Clone, Copy)]
struct Entry {
    failures: u32,
    last: Instant,
}

#[derive(Clone, PartialEq, Eq, Hash)]
enum Key {
    Address(String),
    Pair(String, String),
    Account(String),
    /// The account signed in from the address.
    Known(String, String),
}

/// Tracks password guesses by account and client address.
#[derive(Default)]
pub struct LoginLimiter {
    entries: Mutex<HashMap<Key, Entry>>,
}

/// An attempt counted as a failure until [`LoginLimiter::succeeded`] says otherwise.
#[derive(Debug)]
#[must_use = "report the outcome of the attempt"]
pub struct Attempt {
    account: String,
    client: String,
}

fn delay(failures: u32, free: u32, max: Duration) -> Duration {
    if failures < free {
        return Duration::ZERO;
    }
    let exp = (failures - free).min(20);
    Duration::from_secs(1u64 << exp).min(max)
}

impl LoginLimiter {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Key, Entry>> {
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Counts an attempt for `account` from `client` before its password is
    /// checked; refused (RATE_LIMITED) while a delay for them runs.
    pub fn begin(&self, account: &str, client: &str) -> ServiceResult<Attempt> {
        let account = account.to_lowercase();
        let now = Instant::now();
        let mut entries = self.lock();
        let wait_for = |key: &Key, free: u32, max: Duration| {
            entries.get(key).map_or(Duration::ZERO, |e| {
                delay(e.failures, free, max).saturating_sub(now.duration_since(e.last))
            })
        };
        let address = Key::Address(client.to_owned());
        let pair = Key::Pair(account.clone(), client.to_owned());
        let known = entries
            .get(&Key::Known(account.clone(), client.to_owned()))
            .is_some_and(|e| now.duration_since(e.last) < KNOWN_FOR);
        let mut wait = wait_for(&address, FREE_FAILURES, MAX_DELAY).max(wait_for(
            &pair,
            FREE_FAILURES,
            MAX_DELAY,
        ));
        if !known {
            let key = Key::Account(account.clone());
            wait = wait.max(wait_for(&key, FREE_ACCOUNT_FAILURES, MAX_ACCOUNT_DELAY));
        }
        if !wait.is_zero() {
            return Err(ServiceError::RateLimited {
                retry_after_secs: wait.as_secs().max(1),
            });
        }
        make_room(&mut entries, now);
        for key in [address, pair, Key::Account(account.clone())] {
            let entry = entries.entry(key).or_insert(Entry {
                failures: 0,
                last: now,
            });
            entry.failures = entry.failures.saturating_add(1);
            entry.last = now;
        }
        Ok(Attempt {
            account,
            client: client.to_owned(),
        })
    }

    /// The attempt's password was right: its count is taken back, the
    /// address's and the pair's failures are forgiven, and the account
    /// remembers the address.
    pub fn succeeded(&self, attempt: Attempt) {
        let now = Instant::now();
        let mut entries = self.lock();
        entries.remove(&Key::Address(attempt.client.clone()));
        entries.remove(&Key::Pair(attempt.account.clone(), attempt.client.clone()));
        if let Some(e) = entries.get_mut(&Key::Account(attempt.account.clone())) {
            e.failures = e.failures.saturating_sub(1);
        }
        make_room(&mut entries, now);
        entries.insert(
            Key::Known(attempt.account, attempt.client),
            Entry {
                failures: 0,
                last: now,
            },
        );
    }
}

impl LoginLimiter {
    /// The attempt's password could not be checked (hashing was busy): it
    /// counts neither way.
    pub fn abandoned(&self, attempt: Attempt) {
        let mut entries = self.lock();
        for key in [
            Key::Address(attempt.client.clone()),
            Key::Pair(attempt.account.clone(), attempt.client),
            Key::Account(attempt.account),
        ] {
            if let Some(e) = entries.get_mut(&key) {
                e.failures = e.failures.saturating_sub(1);
            }
        }
    }
}

/// Forgets stale entries once the map is full, then the stalest ones.
fn make_room(entries: &mut HashMap<Key, Entry>, now: Instant) {
    if entries.len() < MAX_ENTRIES {
        return;
    }
    entries.retain(|key, e| {
        let keep = if matches!(key, Key::Known(..)) {
            KNOWN_FOR
        } else {
            FORGET_AFTER
        };
        now.duration_since(e.last) < keep
    });
    while entries.len() >= MAX_ENTRIES {
        let Some(stalest) = entries
            .iter()
            .min_by_key(|(_, e)| e.last)
            .map(|(k, _)| k.clone())
        else {
            return;
        };
        entries.remove(&stalest);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_after_free_failures() {
        assert_eq!(delay(4, FREE_FAILURES, MAX_DELAY), Duration::ZERO);
        assert_eq!(delay(5, FREE_FAILURES, MAX_DELAY), Duration::from_secs(1));
        assert_eq!(delay(8, FREE_FAILURES, MAX_DELAY), Duration::from_secs(8));
        assert_eq!(delay(100, FREE_FAILURES, MAX_DELAY), MAX_DELAY);
        assert_eq!(
            delay(100, FREE_ACCOUNT_FAILURES, MAX_ACCOUNT_DELAY),
            MAX_ACCOUNT_DELAY
        );
    }

    fn limited(r: ServiceResult<Attempt>) -> bool {
        matches!(r, Err(ServiceError::RateLimited { .. }))
    }

    #[test]
    fn parallel_guesses_are_counted_before_they_are_checked() {
        let limiter = LoginLimiter::default();
        let attempts: Vec<_> = (0..60)
            .map(|_| limiter.begin("alice", "192.0.2.1"))
            .collect();
        assert_eq!(attempts.iter().filter(|a| a.is_ok()).count(), 5);
        assert_eq!(attempts.iter().filter(|a| limited_ref(a)).count(), 55);
    }

    fn limited_ref(r: &ServiceResult<Attempt>) -> bool {
        matches!(r, Err(ServiceError::RateLimited { .. }))
    }

    #[test]
    fn a_guesser_slows_its_own_address_not_the_owner() {
        let limiter = LoginLimiter::default();
        // The owner signed in from home before.
        limiter.succeeded(limiter.begin("alice", "198.51.100.9").unwrap());
        for _ in 0..5 {
            let _failed = limiter.begin("alice", "192.0.2.1").unwrap();
        }
        assert!(limited(limiter.begin("alice", "192.0.2.1")));
        assert!(limited(limiter.begin("bob", "192.0.2.1")));
        // The owner from home, and from an address never seen: not held back.
        limiter.succeeded(limiter.begin("alice", "198.51.100.9").unwrap());
        limiter.succeeded(limiter.begin("alice", "203.0.113.4").unwrap());
    }

    #[test]
    fn a_spread_out_guesser_slows_unknown_addresses_only() {
        let limiter = LoginLimiter::default();
        limiter.succeeded(limiter.begin("alice", "198.51.100.9").unwrap());
        for i in 0..50 {
            let _failed = limiter.begin("alice", &format!("10.0.{}.{}", i / 250, i % 250));
        }
        assert!(limited(limiter.begin("alice", "203.0.113.4")));
        limiter.succeeded(limiter.begin("alice", "198.51.100.9").unwrap());
    }

    #[test]
    fn an_unchecked_attempt_counts_neither_way() {
        let limiter = LoginLimiter::default();
        for _ in 0..20 {
            limiter.abandoned(limiter.begin("alice", "192.0.2.1").unwrap());
        }
        assert!(limiter.begin("alice", "192.0.2.1").is_ok());
    }

    #[test]
    fn a_success_takes_the_attempt_back() {
        let limiter = LoginLimiter::default();
        for _ in 0..20 {
            limiter.succeeded(limiter.begin("alice", "192.0.2.1").unwrap());
        }
        assert!(limiter.begin("alice", "192.0.2.1").is_ok());
    }
}
