//! The per-instance rate limit: a token bucket read against an injected [`Clock`].

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use http::{HeaderValue, StatusCode};

use crate::policy::Rate;
use crate::Problem;

/// A source of monotonic time. The service reads the time through it so that tests can move
/// time forward without sleeping ([`ManualClock`]).
pub trait Clock: Send + Sync + std::fmt::Debug + 'static {
    /// The current instant.
    fn now(&self) -> Instant;
}

/// The real monotonic clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }
}

/// A clock that moves only when told to, for tests.
#[derive(Debug)]
pub struct ManualClock {
    start: Instant,
    elapsed_ns: AtomicU64,
}

impl Default for ManualClock {
    fn default() -> Self {
        ManualClock::new()
    }
}

impl ManualClock {
    /// A clock stopped at the current instant.
    pub fn new() -> Self {
        ManualClock {
            start: Instant::now(),
            elapsed_ns: AtomicU64::new(0),
        }
    }

    /// Moves the clock forward by `by`.
    pub fn advance(&self, by: Duration) {
        let nanos = u64::try_from(by.as_nanos()).unwrap_or(u64::MAX);
        self.elapsed_ns.fetch_add(nanos, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Instant {
        self.start + Duration::from_nanos(self.elapsed_ns.load(Ordering::SeqCst))
    }
}

/// A token bucket of [`Rate::burst`] tokens, refilled at [`Rate::requests`] per
/// [`Rate::period`]; each request takes one token. Kept as the generic cell rate algorithm (one
/// "theoretical arrival time", in exact integer time), which behaves the same.
#[derive(Debug)]
pub struct RateLimiter {
    /// The time one request costs: `period / requests`.
    interval: Duration,
    /// How far ahead of now the arrival time may run: `interval * (burst - 1)`.
    tolerance: Duration,
    clock: Arc<dyn Clock>,
    arrival: Mutex<Instant>,
}

impl RateLimiter {
    /// A full bucket for `rate`, timed by `clock`.
    pub fn new(rate: Rate, clock: Arc<dyn Clock>) -> Self {
        let interval = rate.period / rate.requests.max(1);
        let tolerance = interval * rate.burst.max(1).saturating_sub(1);
        let arrival = Mutex::new(clock.now());
        RateLimiter {
            interval,
            tolerance,
            clock,
            arrival,
        }
    }

    /// Takes a token, or says how long until one is available.
    pub fn acquire(&self) -> Result<(), Duration> {
        let now = self.clock.now();
        let mut arrival = match self.arrival.lock() {
            Ok(arrival) => arrival,
            Err(poisoned) => poisoned.into_inner(),
        };
        let at = (*arrival).max(now);
        let ahead = at - now;
        if ahead > self.tolerance {
            return Err(ahead - self.tolerance);
        }
        *arrival = at + self.interval;
        Ok(())
    }
}

/// 429 with `Retry-After` in whole seconds (at least 1).
pub fn too_many_requests(wait: Duration) -> Problem {
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    let seconds = seconds.max(1);
    Problem::new(StatusCode::TOO_MANY_REQUESTS)
        .with_detail("too many requests; retry later")
        .with_header(http::header::RETRY_AFTER, HeaderValue::from(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_empties_then_refills_with_the_clock() {
        let clock = Arc::new(ManualClock::new());
        let rate = Rate {
            requests: 2,
            period: Duration::from_secs(1),
            burst: 3,
        };
        let limiter = RateLimiter::new(rate, clock.clone());
        for _ in 0..3 {
            assert_eq!(limiter.acquire(), Ok(()));
        }
        assert_eq!(limiter.acquire(), Err(Duration::from_millis(500)));
        clock.advance(Duration::from_millis(499));
        assert!(limiter.acquire().is_err());
        clock.advance(Duration::from_millis(1));
        assert_eq!(limiter.acquire(), Ok(()));
        assert!(limiter.acquire().is_err());
        // A long quiet time refills up to the burst, not beyond.
        clock.advance(Duration::from_secs(60));
        for _ in 0..3 {
            assert_eq!(limiter.acquire(), Ok(()));
        }
        assert!(limiter.acquire().is_err());
    }

    #[test]
    fn retry_after_rounds_up() {
        let problem = too_many_requests(Duration::from_millis(1500));
        assert_eq!(problem.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(problem.headers[0].1, "2");
        assert_eq!(too_many_requests(Duration::ZERO).headers[0].1, "1");
    }
}
