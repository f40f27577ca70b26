//! How fast a gateway is sent to: a rate (messages a second) and a number of messages in
//! flight at once. Providers cap their submission rate, and a gateway answering in 50 ms caps a
//! one-at-a-time sender at 20 a second; together these keep a queue of bulk messages moving at
//! the provider's rate without exceeding it (the rate is this node's: with several nodes running
//! workers, give each its share).

use std::sync::Mutex;
use std::time::Duration;
use tokio::time::Instant;

/// `rate_per_second` and `parallel` of a gateway's section (`[sms]`, `[email]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaceConfig {
    /// Messages handed to the gateway a second, at most (default 100).
    pub rate_per_second: u32,
    /// Messages waiting for the gateway's answer at once, at most (default 16).
    pub parallel: u32,
}

impl Default for PaceConfig {
    fn default() -> Self {
        PaceConfig {
            rate_per_second: 100,
            parallel: 16,
        }
    }
}

impl PaceConfig {
    /// The pace a section's `rate_per_second` and `parallel` give (defaults where unset).
    pub fn from_section(
        section: &str,
        rate_per_second: Option<u32>,
        parallel: Option<u32>,
    ) -> Result<PaceConfig, String> {
        let default = PaceConfig::default();
        let pace = PaceConfig {
            rate_per_second: rate_per_second.unwrap_or(default.rate_per_second),
            parallel: parallel.unwrap_or(default.parallel),
        };
        if pace.rate_per_second == 0 || pace.parallel == 0 {
            return Err(format!(
                "[{section}] rate_per_second and parallel must be at least 1"
            ));
        }
        Ok(pace)
    }
}

/// Hands out sending slots `1 / rate` apart, to any number of senders at once. Slots not used
/// while the queue was empty are not saved up: after a quiet spell the rate is the rate, not a
/// burst.
#[derive(Debug)]
pub struct Pacer {
    gap: Duration,
    parallel: usize,
    next: Mutex<Option<Instant>>,
}

impl Pacer {
    pub fn new(config: PaceConfig) -> Pacer {
        Pacer {
            gap: Duration::from_secs(1) / config.rate_per_second.max(1),
            parallel: config.parallel.max(1) as usize,
            next: Mutex::new(None),
        }
    }

    /// Messages in flight at once.
    pub fn parallel(&self) -> usize {
        self.parallel
    }

    /// How many messages one round claims: enough to keep every sender busy for a while, few
    /// enough that the round ends well inside the outbox's claim (60 s) even when every send
    /// waits for its timeout (`timeout` each, `parallel` at a time) or for its slot.
    pub fn batch(&self, timeout: Duration) -> i64 {
        let by_timeout = (self.parallel as u128) * 40_000 / timeout.as_millis().max(1);
        let by_rate = 30_000 / self.gap.as_millis().max(1);
        by_timeout.min(by_rate).clamp(1, 1_000) as i64
    }

    /// Waits for this sender's slot.
    pub async fn turn(&self) {
        let slot = {
            let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
            let now = Instant::now();
            let slot = next.map_or(now, |n| n.max(now));
            *next = Some(slot + self.gap);
            slot
        };
        tokio::time::sleep_until(slot).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_round_ends_inside_the_claim_whatever_the_rate_or_timeout() {
        let pacer = |rate, parallel| {
            Pacer::new(PaceConfig {
                rate_per_second: rate,
                parallel,
            })
        };
        // 200 a second, 32 at once, 10 s timeouts: 128 a round (4 timeouts deep, 0.64 s of rate).
        assert_eq!(pacer(200, 32).batch(Duration::from_secs(10)), 128);
        // One a second: 30 a round, 30 s of slots.
        assert_eq!(pacer(1, 32).batch(Duration::from_secs(10)), 30);
        // One at a time with a 60 s timeout: still at least one.
        assert_eq!(pacer(100, 1).batch(Duration::from_secs(60)), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn slots_are_a_gap_apart_and_not_saved_up() {
        let pacer = Pacer::new(PaceConfig {
            rate_per_second: 10,
            parallel: 4,
        });
        let start = Instant::now();
        for _ in 0..5 {
            pacer.turn().await;
        }
        assert_eq!(start.elapsed(), Duration::from_millis(400));
        // A quiet second: the next slot is now, and the one after a gap later, not at once.
        tokio::time::sleep(Duration::from_secs(1)).await;
        let after = Instant::now();
        pacer.turn().await;
        pacer.turn().await;
        assert_eq!(after.elapsed(), Duration::from_millis(100));
    }
}
