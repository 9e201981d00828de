//! A fixed-interval schedule for apalis-cron.

use std::time::Duration;

use apalis_cron::{Schedule, Tick};
use chrono::Utc;

/// Ticks every `self.0`, aligned to multiples of the interval since the epoch, so
/// that several instances tick at the same instants.
#[derive(Clone, Copy, Debug)]
pub struct Every(pub Duration);

impl Every {
    /// The first aligned instant strictly after `now` (Unix seconds).
    pub fn next_after(&self, now: i64) -> i64 {
        let step = i64::try_from(self.0.as_secs().max(1)).unwrap_or(i64::MAX);
        (now.div_euclid(step) + 1).saturating_mul(step)
    }
}

impl Schedule<Utc> for Every {
    fn next_tick(&mut self, _tz: &Utc) -> Option<Tick<Utc>> {
        let next = self.next_after(Utc::now().timestamp());
        Some(Tick::new(u64::try_from(next).ok()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_aligned_to_the_interval() {
        let every = Every(Duration::from_secs(60));
        assert_eq!(every.next_after(0), 60);
        assert_eq!(every.next_after(59), 60);
        assert_eq!(every.next_after(60), 120);
        assert_eq!(Every(Duration::from_secs(0)).next_after(10), 11);
    }
}
