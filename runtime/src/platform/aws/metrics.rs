//! CloudWatch Embedded Metric Format: one JSON line per served operation or event with its
//! count, latency and errors (a 5xx answer, or failed messages), which CloudWatch turns into
//! metrics without any API call. Off unless `SLS_AWS_METRICS=emf`.

use std::io::Write;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::http::json_str;
use super::invoke::Outcome;

/// The metric namespace.
pub const NAMESPACE: &str = "sls-gen";

/// Writes EMF lines to stdout, or nothing when disabled.
#[derive(Debug, Clone, Default)]
pub struct Metrics {
    /// The function's name, a dimension of every metric; `None` disables the metrics.
    function: Option<String>,
}

impl Metrics {
    /// Metrics for `function`, enabled when `enabled`.
    pub fn new(function: impl Into<String>, enabled: bool) -> Self {
        Metrics {
            function: enabled.then(|| function.into()),
        }
    }

    /// Whether lines are written.
    pub fn enabled(&self) -> bool {
        self.function.is_some()
    }

    /// Writes the line of one invocation, if enabled and it served an operation.
    pub fn record(&self, outcome: &Outcome, elapsed: Duration) {
        let (Some(function), Some(operation)) =
            (&self.function, outcome.operation.or(outcome.event))
        else {
            return;
        };
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_millis() as u64;
        let error = outcome.status.is_some_and(|status| status >= 500) || outcome.failed > 0;
        let mut line = emf_line(function, operation, elapsed, error, now);
        line.push(b'\n');
        // Metrics must never fail an invocation.
        let _ = std::io::stdout().lock().write_all(&line);
    }
}

/// One EMF document: metrics `count`, `latency` (ms) and `errors` with dimensions `function` and
/// `operation`.
pub fn emf_line(
    function: &str,
    operation: &str,
    elapsed: Duration,
    error: bool,
    timestamp_ms: u64,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(320);
    out.extend_from_slice(b"{\"_aws\":{\"Timestamp\":");
    out.extend_from_slice(timestamp_ms.to_string().as_bytes());
    out.extend_from_slice(b",\"CloudWatchMetrics\":[{\"Namespace\":");
    json_str(&mut out, NAMESPACE);
    out.extend_from_slice(
        b",\"Dimensions\":[[\"function\",\"operation\"]],\"Metrics\":[\
          {\"Name\":\"count\",\"Unit\":\"Count\"},\
          {\"Name\":\"latency\",\"Unit\":\"Milliseconds\"},\
          {\"Name\":\"errors\",\"Unit\":\"Count\"}]}]},\"function\":",
    );
    json_str(&mut out, function);
    out.extend_from_slice(b",\"operation\":");
    json_str(&mut out, operation);
    out.extend_from_slice(b",\"count\":1,\"latency\":");
    let latency = elapsed.as_secs_f64() * 1000.0;
    out.extend_from_slice(format!("{latency:.3}").as_bytes());
    out.extend_from_slice(if error {
        b",\"errors\":1}"
    } else {
        b",\"errors\":0}"
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_emf_line_declares_its_metrics_and_carries_their_values() {
        let line = emf_line(
            "pets",
            "getPetById",
            Duration::from_micros(1500),
            true,
            1_700_000_000_000,
        );
        let value: serde_json::Value = serde_json::from_slice(&line).expect("valid JSON");
        assert_eq!(value["_aws"]["Timestamp"], 1_700_000_000_000u64);
        let directive = &value["_aws"]["CloudWatchMetrics"][0];
        assert_eq!(directive["Namespace"], "sls-gen");
        assert_eq!(directive["Dimensions"][0][1], "operation");
        let names: Vec<_> = directive["Metrics"]
            .as_array()
            .expect("metrics")
            .iter()
            .map(|m| m["Name"].as_str().unwrap_or_default())
            .collect();
        assert_eq!(names, ["count", "latency", "errors"]);
        // Every declared metric and dimension is a member of the document.
        for member in ["function", "operation", "count", "latency", "errors"] {
            assert!(value.get(member).is_some(), "{member} missing");
        }
        assert_eq!(value["operation"], "getPetById");
        assert_eq!(value["latency"], 1.5);
        assert_eq!(value["errors"], 1);
    }
}
