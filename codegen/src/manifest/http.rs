//! `x-sls.cors` and `x-sls.limits`: the HTTP policy of the service's functions.
//!
//! ```yaml
//! x-sls:
//!   cors:
//!     origins: ["http://localhost:5173"]   # or "*"
//!     methods: [GET, POST, DELETE]         # default GET, HEAD, POST, PUT, PATCH, DELETE
//!     headers: [content-type, authorization]   # default: what the preflight asks for
//!     credentials: true                    # not with origins "*"
//!     expose: [x-request-id]
//!     maxAge: 600                          # seconds
//!   limits:
//!     body: 1MB                            # bytes, or with KB/MB; default 6MB
//!     rate: { requests: 100, per: second, burst: 200 }   # per instance; burst defaults to requests
//! ```

use serde_json::{Map, Value};

use crate::diagnostics::{escape_pointer_token, Diagnostics};
use crate::load::Document;

/// CORS and limits, as the manifest sets them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HttpSettings {
    /// `cors`.
    pub cors: Option<CorsSettings>,
    /// `limits.body`, in bytes.
    pub body_limit: Option<u64>,
    /// `limits.rate`.
    pub rate: Option<RateSettings>,
}

impl HttpSettings {
    /// Whether nothing is set (the runtime's defaults apply).
    pub fn is_default(&self) -> bool {
        *self == HttpSettings::default()
    }
}

/// `cors`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CorsSettings {
    /// The allowed origins; `None` for `*`.
    pub origins: Option<Vec<String>>,
    /// The allowed methods, upper case; empty for the default list.
    pub methods: Vec<String>,
    /// The allowed request headers, lower case; `None` allows what a preflight asks for.
    pub headers: Option<Vec<String>>,
    /// Whether credentials may be sent.
    pub credentials: bool,
    /// The exposed response headers, lower case.
    pub expose: Vec<String>,
    /// `maxAge`, in seconds.
    pub max_age: Option<u32>,
}

/// `limits.rate`: `requests` per `period_seconds`, bursts of `burst`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateSettings {
    /// Requests per period.
    pub requests: u32,
    /// The period, in seconds.
    pub period_seconds: u32,
    /// The largest burst.
    pub burst: u32,
}

const CORS_KEYS: &[&str] = &[
    "origins",
    "methods",
    "headers",
    "credentials",
    "expose",
    "maxAge",
];
const LIMITS_KEYS: &[&str] = &["body", "rate"];
const RATE_KEYS: &[&str] = &["requests", "per", "burst"];

/// Reads `cors` and `limits` from the manifest mapping.
pub(crate) fn read(
    doc: &Document,
    manifest: &Map<String, Value>,
    diags: &mut Diagnostics,
) -> HttpSettings {
    let mut reader = Reader { doc, diags };
    let mut settings = HttpSettings::default();
    if let Some(cors) = manifest.get("cors") {
        settings.cors = reader.cors(cors, "/x-sls/cors");
    }
    if let Some(limits) = manifest.get("limits") {
        reader.limits(limits, "/x-sls/limits", &mut settings);
    }
    settings
}

struct Reader<'a> {
    doc: &'a Document,
    diags: &'a mut Diagnostics,
}

impl Reader<'_> {
    fn error(&mut self, pointer: &str, message: impl Into<String>) {
        let location = self.doc.locate(pointer);
        self.diags.error(Some(location), message);
    }

    fn mapping<'v>(
        &mut self,
        value: &'v Value,
        pointer: &str,
        what: &str,
        keys: &[&str],
    ) -> Option<&'v Map<String, Value>> {
        let Some(map) = value.as_object() else {
            self.error(pointer, format!("`{what}` must be a mapping"));
            return None;
        };
        for key in map.keys() {
            if !keys.contains(&key.as_str()) {
                self.error(
                    &format!("{pointer}/{}", escape_pointer_token(key)),
                    format!(
                        "unknown `{what}` key `{key}`; expected one of: {}",
                        keys.join(", ")
                    ),
                );
            }
        }
        Some(map)
    }

    /// A list of HTTP tokens (header or method names), or `None` after an error.
    fn tokens(&mut self, value: &Value, pointer: &str, what: &str) -> Option<Vec<String>> {
        let Some(items) = value.as_array() else {
            self.error(pointer, format!("`{what}` must be a list of names"));
            return None;
        };
        let mut out = Vec::new();
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            match item.as_str() {
                Some(name) if is_token(name) => out.push(name.to_owned()),
                _ => {
                    self.error(
                        &format!("{pointer}/{i}"),
                        format!("not a valid {what} name"),
                    );
                    ok = false;
                }
            }
        }
        ok.then_some(out)
    }

    fn cors(&mut self, value: &Value, pointer: &str) -> Option<CorsSettings> {
        let map = self.mapping(value, pointer, "cors", CORS_KEYS)?;
        let errors = self.diags.error_count();
        let mut cors = CorsSettings::default();
        let at = format!("{pointer}/origins");
        match map.get("origins") {
            None => self.error(
                pointer,
                "`cors` needs `origins`: a list of origins, or \"*\"",
            ),
            Some(Value::String(star)) if star == "*" => cors.origins = None,
            Some(Value::Array(items)) => {
                let mut origins = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    let item_at = format!("{at}/{i}");
                    match item.as_str() {
                        Some("*") => self.error(
                            &item_at,
                            "write `origins: \"*\"` to allow any origin, not `*` in a list",
                        ),
                        Some(origin) => match origin_problem(origin) {
                            None => origins.push(origin.to_owned()),
                            Some(problem) => self.error(&item_at, problem),
                        },
                        None => self.error(&item_at, "an origin must be a string"),
                    }
                }
                cors.origins = Some(origins);
            }
            Some(_) => self.error(&at, "`origins` must be a list of origins, or \"*\""),
        }
        if let Some(methods) = map.get("methods") {
            if let Some(methods) = self.tokens(methods, &format!("{pointer}/methods"), "method") {
                cors.methods = methods.iter().map(|m| m.to_ascii_uppercase()).collect();
            }
        }
        if let Some(headers) = map.get("headers") {
            let at = format!("{pointer}/headers");
            if headers.as_str() == Some("*") {
                cors.headers = None;
            } else if let Some(headers) = self.tokens(headers, &at, "header") {
                cors.headers = Some(headers.iter().map(|h| h.to_ascii_lowercase()).collect());
            }
        }
        if let Some(expose) = map.get("expose") {
            if let Some(expose) = self.tokens(expose, &format!("{pointer}/expose"), "header") {
                cors.expose = expose.iter().map(|h| h.to_ascii_lowercase()).collect();
            }
        }
        if let Some(credentials) = map.get("credentials") {
            let at = format!("{pointer}/credentials");
            match credentials.as_bool() {
                Some(flag) => cors.credentials = flag,
                None => self.error(&at, "`credentials` must be true or false"),
            }
            if cors.credentials && map.get("origins").and_then(Value::as_str) == Some("*") {
                self.error(
                    &at,
                    "`credentials: true` cannot go with `origins: \"*\"`: browsers refuse it; \
                     list the allowed origins",
                );
            }
        }
        if let Some(max_age) = map.get("maxAge") {
            match max_age.as_u64().and_then(|n| u32::try_from(n).ok()) {
                Some(seconds) => cors.max_age = Some(seconds),
                None => self.error(
                    &format!("{pointer}/maxAge"),
                    "`maxAge` must be a whole number of seconds",
                ),
            }
        }
        (self.diags.error_count() == errors).then_some(cors)
    }

    fn limits(&mut self, value: &Value, pointer: &str, settings: &mut HttpSettings) {
        let Some(map) = self.mapping(value, pointer, "limits", LIMITS_KEYS) else {
            return;
        };
        if let Some(body) = map.get("body") {
            match size(body) {
                Some(bytes) if bytes > 0 => settings.body_limit = Some(bytes),
                _ => self.error(
                    &format!("{pointer}/body"),
                    "`body` must be a positive size: a number of bytes, or a number with KB or MB \
                     (`512KB`, `6MB`)",
                ),
            }
        }
        if let Some(rate) = map.get("rate") {
            let at = format!("{pointer}/rate");
            let Some(rate) = self.mapping(rate, &at, "rate", RATE_KEYS) else {
                return;
            };
            let positive = |value: Option<&Value>| {
                value
                    .and_then(Value::as_u64)
                    .and_then(|n| u32::try_from(n).ok())
                    .filter(|n| *n > 0)
            };
            let requests = positive(rate.get("requests"));
            if requests.is_none() {
                self.error(&at, "`rate` needs `requests`: a positive whole number");
            }
            let period = match rate.get("per").map(|p| p.as_str()) {
                None => Some(1),
                Some(Some("second")) => Some(1),
                Some(Some("minute")) => Some(60),
                Some(Some("hour")) => Some(3600),
                Some(_) => {
                    self.error(
                        &format!("{at}/per"),
                        "`per` must be `second`, `minute` or `hour`",
                    );
                    None
                }
            };
            let burst = match rate.get("burst") {
                None => requests,
                Some(value) => {
                    let burst = positive(Some(value));
                    if burst.is_none() {
                        self.error(
                            &format!("{at}/burst"),
                            "`burst` must be a positive whole number",
                        );
                    }
                    burst
                }
            };
            if let (Some(requests), Some(period_seconds), Some(burst)) = (requests, period, burst) {
                settings.rate = Some(RateSettings {
                    requests,
                    period_seconds,
                    burst,
                });
            }
        }
    }
}

/// A size in bytes: a number, or text such as `512KB`, `6MB`, `1048576` (binary units).
fn size(value: &Value) -> Option<u64> {
    if let Some(n) = value.as_u64() {
        return Some(n);
    }
    let text = value.as_str()?.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let number: u64 = digits.parse().ok()?;
    let factor = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "KB" | "K" | "KIB" => 1024,
        "MB" | "M" | "MIB" => 1024 * 1024,
        _ => return None,
    };
    number.checked_mul(factor)
}

/// Why `origin` is not a serialized origin (`scheme://host[:port]`), if it is not.
fn origin_problem(origin: &str) -> Option<String> {
    let Some((scheme, rest)) = origin.split_once("://") else {
        return Some(format!(
            "`{origin}` is not an origin: write `scheme://host[:port]`, as in `https://example.com`"
        ));
    };
    let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok || rest.is_empty() {
        return Some(format!(
            "`{origin}` is not an origin: write `scheme://host[:port]`"
        ));
    }
    if rest.contains(['/', '?', '#']) {
        return Some(format!(
            "`{origin}` is not an origin: an origin has no path, not even a trailing `/`"
        ));
    }
    if origin
        .chars()
        .any(|c| c.is_ascii_uppercase() || c.is_whitespace())
    {
        return Some(format!(
            "`{origin}` is not an origin as browsers send it: write it in lower case"
        ));
    }
    None
}

fn is_token(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyze(manifest: &str) -> Result<crate::Analysis, Diagnostics> {
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\nx-sls:\n{manifest}"
        );
        crate::analyze_str("spec.yaml", &spec)
    }

    #[test]
    fn reads_cors_and_limits() {
        let analysis = match analyze(
            "  cors:\n    origins: ['http://localhost:5173']\n    methods: [get, POST]\n    headers: [Content-Type]\n    credentials: true\n    expose: [X-Request-Id]\n    maxAge: 600\n  limits:\n    body: 1MB\n    rate: {requests: 10, per: minute}\n",
        ) {
            Ok(analysis) => analysis,
            Err(diags) => panic!("{diags}"),
        };
        let http = analysis.ir.http;
        let cors = http.cors.expect("cors");
        assert_eq!(cors.origins, Some(vec!["http://localhost:5173".to_owned()]));
        assert_eq!(cors.methods, ["GET", "POST"]);
        assert_eq!(cors.headers, Some(vec!["content-type".to_owned()]));
        assert!(cors.credentials);
        assert_eq!(cors.expose, ["x-request-id"]);
        assert_eq!(cors.max_age, Some(600));
        assert_eq!(http.body_limit, Some(1024 * 1024));
        assert_eq!(
            http.rate,
            Some(RateSettings {
                requests: 10,
                period_seconds: 60,
                burst: 10
            })
        );
    }

    #[test]
    fn every_mistake_is_located() {
        let Err(diags) = analyze(
            "  cors:\n    origins: '*'\n    credentials: true\n    maxAge: -1\n    colour: red\n  limits:\n    body: 6 parsecs\n    rate: {requests: 0, per: fortnight, burst: x}\n",
        ) else {
            panic!("mistakes must be errors");
        };
        let text = diags.to_string();
        for (message, line) in [
            (
                "`credentials: true` cannot go with `origins: \"*\"`",
                "spec.yaml:7:5",
            ),
            (
                "`maxAge` must be a whole number of seconds",
                "spec.yaml:8:5",
            ),
            ("unknown `cors` key `colour`", "spec.yaml:9:5"),
            ("`body` must be a positive size", "spec.yaml:11:5"),
            ("`rate` needs `requests`", "spec.yaml:12:5"),
            (
                "`per` must be `second`, `minute` or `hour`",
                "spec.yaml:12:",
            ),
            ("`burst` must be a positive whole number", "spec.yaml:12:"),
        ] {
            let found = diags
                .to_string()
                .lines()
                .collect::<Vec<_>>()
                .windows(2)
                .any(|pair| pair[0].contains(message) && pair[1].contains(line));
            assert!(found, "{message} at {line} in\n{text}");
        }
    }

    #[test]
    fn origins_must_be_origins() {
        let Err(diags) =
            analyze("  cors:\n    origins: ['https://a.test/', 'a.test', 'https://A.test', '*']\n")
        else {
            panic!("bad origins must be errors");
        };
        assert_eq!(diags.error_count(), 4, "{diags}");
        assert_eq!(size(&Value::from("512KB")), Some(512 * 1024));
        assert_eq!(size(&Value::from(7)), Some(7));
        assert_eq!(size(&Value::from("MB")), None);
    }
}
