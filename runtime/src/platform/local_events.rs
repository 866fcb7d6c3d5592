//! Events on the local server: the schedule ticker and `POST /_sls/events/{name}`, which
//! injects queue or topic messages (or fires a schedule at once) and answers the outcome of each
//! message. Both can be switched off.

use std::time::Duration;

use http::{Method, StatusCode};
use http_body_util::BodyExt;
use serde_json::{json, Value};

use crate::app::{Application, Function};
use crate::events::{self, EventError, EventKind, Message, Tick};
use crate::response::{Body, HttpResponse};
use crate::{AppService, BoxError, Problem};

/// The path prefix of the injection endpoint.
pub const INJECTION_PREFIX: &str = "/_sls/events/";

/// Settings of events on the local server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalEvents {
    /// Run the schedule ticker (`SLS_SCHEDULES`, default on).
    pub schedules: bool,
    /// Serve `POST /_sls/events/{name}` (`SLS_EVENT_INJECTION`, default on).
    pub injection: bool,
    /// How long the `shutdown` hook may take after Ctrl-C or SIGTERM (`SLS_SHUTDOWN_TIMEOUT`,
    /// in seconds; default 2, the budget AWS Lambda gives after SIGTERM).
    pub shutdown_budget: Duration,
}

impl Default for LocalEvents {
    fn default() -> Self {
        LocalEvents {
            schedules: true,
            injection: true,
            shutdown_budget: Duration::from_secs(2),
        }
    }
}

impl LocalEvents {
    /// Reads `SLS_SCHEDULES` and `SLS_EVENT_INJECTION` (`on` or `off`) and
    /// `SLS_SHUTDOWN_TIMEOUT` (seconds) from the environment.
    pub fn from_env() -> Result<Self, BoxError> {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// [`LocalEvents::from_env`] over any source of variables.
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Self, BoxError> {
        let switch = |name: &str| -> Result<bool, BoxError> {
            match var(name).as_deref().map(str::trim) {
                None | Some("on" | "1" | "true") => Ok(true),
                Some("off" | "0" | "false") => Ok(false),
                Some(other) => Err(format!("{name} must be `on` or `off`, not `{other}`").into()),
            }
        };
        let shutdown_budget = match var("SLS_SHUTDOWN_TIMEOUT") {
            None => Duration::from_secs(2),
            Some(text) => text
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|seconds| seconds.is_finite() && *seconds >= 0.0)
                .map(Duration::from_secs_f64)
                .ok_or_else(|| {
                    format!("SLS_SHUTDOWN_TIMEOUT must be a number of seconds, not `{text}`")
                })?,
        };
        Ok(LocalEvents {
            schedules: switch("SLS_SCHEDULES")?,
            injection: switch("SLS_EVENT_INJECTION")?,
            shutdown_budget,
        })
    }
}

/// Whether a request is for the injection endpoint.
pub(crate) fn is_injection(path: &str) -> bool {
    path.starts_with(INJECTION_PREFIX)
}

/// `POST /_sls/events/{name}`: for a queue or topic event, the body is a JSON array of payloads,
/// delivered as one batch (message ids `0`, `1`, ...); for a schedule, the schedule fires once
/// now (the body is ignored). Answers `200` with the outcome of each message; problems for an
/// unknown event (404), another method (405), a body that is not a JSON array (400) or a batch
/// larger than the event's `batch` (413).
pub async fn inject<A, F, B>(service: &AppService<A, F>, request: http::Request<B>) -> HttpResponse
where
    A: Application,
    F: Function<A>,
    B: http_body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<BoxError>,
{
    let (parts, body) = request.into_parts();
    let name = parts
        .uri
        .path()
        .strip_prefix(INJECTION_PREFIX)
        .unwrap_or_default()
        .to_owned();
    let Some((_, event)) = events::find_event::<A, F>(&name) else {
        let known: Vec<&str> = F::EVENTS.iter().map(|event| event.name).collect();
        let detail = if known.is_empty() {
            format!("no event `{name}`: this application has no events")
        } else {
            format!("no event `{name}`; the events are: {}", known.join(", "))
        };
        return Problem::not_found().with_detail(detail).into_response();
    };
    if parts.method != Method::POST {
        return Problem::new(StatusCode::METHOD_NOT_ALLOWED)
            .with_detail("events are injected with POST")
            .with_header(http::header::ALLOW, http::HeaderValue::from_static("POST"))
            .into_response();
    }
    if event.kind == EventKind::Schedule {
        let now = chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now());
        let id = events::next_invocation_id();
        let result = events::dispatch_schedule(service, event.name, Tick::new(&id, now)).await;
        return json_response(match result {
            Ok(()) => json!({"event": event.name, "invocation_id": id, "status": "ok"}),
            Err(error) => json!({
                "event": event.name,
                "invocation_id": id,
                "status": "failed",
                "detail": error.to_string(),
            }),
        });
    }
    let limit = service.config().body_limit.unwrap_or(F::POLICY.body_limit);
    let bytes = match http_body_util::Limited::new(body, limit).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => {
            return Problem::new(StatusCode::PAYLOAD_TOO_LARGE)
                .with_detail(format!("the body is larger than {limit} bytes"))
                .into_response()
        }
    };
    let payloads: Vec<Value> = match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Array(payloads)) => payloads,
        _ => {
            return Problem::new(StatusCode::BAD_REQUEST)
                .with_detail(format!(
                    "the body must be a JSON array of `{}` payloads, one per message",
                    event.payload.unwrap_or("message")
                ))
                .into_response()
        }
    };
    let messages: Vec<Message> = payloads
        .iter()
        .enumerate()
        .map(|(index, payload)| Message::new(index.to_string(), payload.to_string()))
        .collect();
    let id = events::next_invocation_id();
    match events::dispatch_messages_with_id(service, event.name, messages, id.clone()).await {
        Ok(outcomes) => {
            let failed = outcomes.iter().filter(|outcome| !outcome.is_ok()).count();
            json_response(json!({
                "event": event.name,
                "invocation_id": id,
                "failed": failed,
                "results": outcomes,
            }))
        }
        Err(error @ EventError::BatchTooLarge { .. }) => {
            Problem::new(StatusCode::PAYLOAD_TOO_LARGE)
                .with_detail(error.to_string())
                .into_response()
        }
        Err(error) => Problem::new(StatusCode::BAD_REQUEST)
            .with_detail(error.to_string())
            .into_response(),
    }
}

fn json_response(value: Value) -> HttpResponse {
    let mut response = http::Response::new(Body::from(value.to_string()));
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_from_variables() {
        let vars = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| (*value).to_owned())
            }
        };
        assert_eq!(
            LocalEvents::from_vars(vars(&[])).ok(),
            Some(LocalEvents::default())
        );
        let off = LocalEvents::from_vars(vars(&[
            ("SLS_SCHEDULES", "off"),
            ("SLS_EVENT_INJECTION", "off"),
            ("SLS_SHUTDOWN_TIMEOUT", "0.5"),
        ]))
        .ok();
        assert_eq!(
            off,
            Some(LocalEvents {
                schedules: false,
                injection: false,
                shutdown_budget: Duration::from_millis(500),
            })
        );
        let bad = LocalEvents::from_vars(vars(&[("SLS_SCHEDULES", "sometimes")]));
        assert!(bad.err().is_some_and(
            |e| e.to_string() == "SLS_SCHEDULES must be `on` or `off`, not `sometimes`"
        ));
        let bad = LocalEvents::from_vars(vars(&[("SLS_SHUTDOWN_TIMEOUT", "-1")]));
        assert!(bad.is_err());
    }
}
