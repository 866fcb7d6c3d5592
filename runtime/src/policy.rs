//! The HTTP policy of a deployable function: CORS, the request body limit and the rate limit,
//! from the manifest's `x-sls.cors` and `x-sls.limits`.
//!
//! The generator writes it as a constant of each function (`Function::POLICY`); a function of a
//! spec that sets neither uses [`HttpPolicy::DEFAULT`].

use std::time::Duration;

use crate::cors::Cors;

/// The default body limit: 6 MB, the AWS Lambda synchronous payload limit.
pub const DEFAULT_BODY_LIMIT: usize = 6 * 1024 * 1024;

/// CORS, limits and rate of one function.
#[derive(Debug, Clone, Copy)]
pub struct HttpPolicy {
    /// Cross-origin resource sharing; `None` answers no CORS headers at all.
    pub cors: Option<&'static Cors>,
    /// Largest accepted request body in bytes; larger bodies answer 413.
    pub body_limit: usize,
    /// Requests per instance; beyond it, 429 with `Retry-After`.
    pub rate: Option<Rate>,
}

impl HttpPolicy {
    /// No CORS, a 6 MB body limit, no rate limit.
    pub const DEFAULT: HttpPolicy = HttpPolicy {
        cors: None,
        body_limit: DEFAULT_BODY_LIMIT,
        rate: None,
    };
}

impl Default for HttpPolicy {
    fn default() -> Self {
        HttpPolicy::DEFAULT
    }
}

/// A rate limit: `requests` per `period`, with bursts of up to `burst` requests (a token bucket
/// of `burst` tokens refilled at `requests / period`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    /// Requests allowed per period, on average.
    pub requests: u32,
    /// The period.
    pub period: Duration,
    /// The most requests accepted at once after a quiet time.
    pub burst: u32,
}
