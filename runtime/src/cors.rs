//! Cross-origin resource sharing (the Fetch standard's CORS protocol), from `x-sls.cors`.
//!
//! - A preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) is answered
//!   before routing: 204 with the allowed origin, methods, headers, credentials and max age when
//!   the origin, the method and every requested header are allowed; 204 without any CORS header
//!   otherwise, so that the browser refuses the request.
//! - Every other response to a request from an allowed origin (errors included, so that a
//!   front end can read problem details) gets `Access-Control-Allow-Origin`, the credentials
//!   flag and the exposed headers. A disallowed origin gets no CORS header.
//! - `Vary: Origin` is added whenever the answer depends on the origin.

use http::header::{self, HeaderMap, HeaderValue};
use http::{Method, StatusCode};

use crate::response::{Body, HttpResponse};

/// The methods allowed when the manifest names none.
pub const DEFAULT_METHODS: &[&str] = &["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];

/// The CORS settings of a function.
#[derive(Debug, Clone, Copy)]
pub struct Cors {
    /// The allowed origins.
    pub origins: Origins,
    /// The allowed methods (upper case); empty means [`DEFAULT_METHODS`].
    pub methods: &'static [&'static str],
    /// The allowed request headers (lower case); `None` allows the headers a preflight asks for.
    pub headers: Option<&'static [&'static str]>,
    /// Whether credentials (cookies, `Authorization`) may be sent.
    pub credentials: bool,
    /// The response headers the browser may expose to scripts.
    pub expose: &'static [&'static str],
    /// How long a preflight answer may be cached, in seconds.
    pub max_age: Option<u32>,
}

/// The allowed origins.
#[derive(Debug, Clone, Copy)]
pub enum Origins {
    /// Any origin (`*`; the manifest refuses it together with credentials).
    Any,
    /// These origins exactly (`scheme://host[:port]`).
    List(&'static [&'static str]),
}

impl Cors {
    fn allows_origin(&self, origin: &str) -> bool {
        match self.origins {
            Origins::Any => true,
            Origins::List(list) => list.contains(&origin),
        }
    }

    fn methods(&self) -> &'static [&'static str] {
        if self.methods.is_empty() {
            DEFAULT_METHODS
        } else {
            self.methods
        }
    }

    /// The `Access-Control-Allow-Origin` value for an allowed `origin`.
    fn allow_origin(&self, origin: &HeaderValue) -> HeaderValue {
        match self.origins {
            // With credentials the origin must be named; the manifest forbids `*` with them,
            // but the answer stays right either way.
            Origins::Any if !self.credentials => HeaderValue::from_static("*"),
            _ => origin.clone(),
        }
    }

    /// Whether the answer depends on the request's origin.
    fn varies(&self) -> bool {
        !matches!(self.origins, Origins::Any) || self.credentials
    }
}

/// Answers a preflight request, or `None` when the request is not one.
pub fn preflight(cors: &Cors, method: &Method, headers: &HeaderMap) -> Option<HttpResponse> {
    if method != Method::OPTIONS {
        return None;
    }
    let origin = headers.get(header::ORIGIN)?;
    let requested = headers.get(header::ACCESS_CONTROL_REQUEST_METHOD)?;
    let mut response = http::Response::new(Body::empty());
    *response.status_mut() = StatusCode::NO_CONTENT;
    let out = response.headers_mut();
    if cors.varies() {
        out.append(header::VARY, HeaderValue::from_static("Origin"));
    }
    let origin_ok = origin.to_str().is_ok_and(|o| cors.allows_origin(o));
    let method_ok = requested
        .to_str()
        .is_ok_and(|m| cors.methods().contains(&m));
    let asked: Vec<String> = headers
        .get_all(header::ACCESS_CONTROL_REQUEST_HEADERS)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|h| h.trim().to_ascii_lowercase())
        .filter(|h| !h.is_empty())
        .collect();
    let headers_ok = match cors.headers {
        None => true,
        Some(allowed) => asked.iter().all(|h| allowed.contains(&h.as_str())),
    };
    if !(origin_ok && method_ok && headers_ok) {
        return Some(response);
    }
    out.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        cors.allow_origin(origin),
    );
    if cors.credentials {
        out.insert(
            header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
            HeaderValue::from_static("true"),
        );
    }
    if let Ok(methods) = HeaderValue::from_str(&cors.methods().join(", ")) {
        out.insert(header::ACCESS_CONTROL_ALLOW_METHODS, methods);
    }
    let allowed_headers = match cors.headers {
        Some(list) => list.join(", "),
        None => asked.join(", "),
    };
    if !allowed_headers.is_empty() {
        if let Ok(value) = HeaderValue::from_str(&allowed_headers) {
            out.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, value);
        }
        if cors.headers.is_none() {
            out.append(
                header::VARY,
                HeaderValue::from_static("Access-Control-Request-Headers"),
            );
        }
    }
    if let Some(max_age) = cors.max_age {
        out.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from(max_age));
    }
    Some(response)
}

/// Adds the CORS headers of an actual (non-preflight) response for a request from `origin`.
pub fn decorate(cors: &Cors, origin: Option<&HeaderValue>, response: &mut HttpResponse) {
    let out = response.headers_mut();
    if cors.varies() {
        out.append(header::VARY, HeaderValue::from_static("Origin"));
    }
    let Some(origin) = origin else {
        return;
    };
    if !origin.to_str().is_ok_and(|o| cors.allows_origin(o)) {
        return;
    }
    out.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        cors.allow_origin(origin),
    );
    if cors.credentials {
        out.insert(
            header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
            HeaderValue::from_static("true"),
        );
    }
    if !cors.expose.is_empty() {
        if let Ok(value) = HeaderValue::from_str(&cors.expose.join(", ")) {
            out.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: Cors = Cors {
        origins: Origins::List(&["http://localhost:5173"]),
        methods: &[],
        headers: Some(&["content-type", "authorization"]),
        credentials: true,
        expose: &["x-request-id"],
        max_age: Some(600),
    };

    fn request(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn preflight_for_an_allowed_origin() {
        let headers = request(&[
            ("origin", "http://localhost:5173"),
            ("access-control-request-method", "DELETE"),
            (
                "access-control-request-headers",
                "Authorization, Content-Type",
            ),
        ]);
        let response = preflight(&LIST, &Method::OPTIONS, &headers).expect("a preflight");
        let h = response.headers();
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        assert_eq!(h["access-control-allow-origin"], "http://localhost:5173");
        assert_eq!(h["access-control-allow-credentials"], "true");
        assert_eq!(
            h["access-control-allow-methods"],
            "GET, HEAD, POST, PUT, PATCH, DELETE"
        );
        assert_eq!(
            h["access-control-allow-headers"],
            "content-type, authorization"
        );
        assert_eq!(h["access-control-max-age"], "600");
        assert_eq!(h["vary"], "Origin");
    }

    #[test]
    fn preflight_refusals_carry_no_cors_headers() {
        for headers in [
            request(&[
                ("origin", "http://evil.test"),
                ("access-control-request-method", "GET"),
            ]),
            request(&[
                ("origin", "http://localhost:5173"),
                ("access-control-request-method", "TRACE"),
            ]),
            request(&[
                ("origin", "http://localhost:5173"),
                ("access-control-request-method", "GET"),
                ("access-control-request-headers", "x-secret"),
            ]),
        ] {
            let response = preflight(&LIST, &Method::OPTIONS, &headers).expect("a preflight");
            assert!(response
                .headers()
                .get("access-control-allow-origin")
                .is_none());
        }
        // Not preflights: no origin, no requested method, another method.
        let plain = request(&[("origin", "http://localhost:5173")]);
        assert!(preflight(&LIST, &Method::OPTIONS, &plain).is_none());
        let get = request(&[
            ("origin", "http://localhost:5173"),
            ("access-control-request-method", "GET"),
        ]);
        assert!(preflight(&LIST, &Method::GET, &get).is_none());
    }

    #[test]
    fn actual_responses() {
        let mut response = http::Response::new(Body::empty());
        let origin = HeaderValue::from_static("http://localhost:5173");
        decorate(&LIST, Some(&origin), &mut response);
        let h = response.headers();
        assert_eq!(h["access-control-allow-origin"], "http://localhost:5173");
        assert_eq!(h["access-control-expose-headers"], "x-request-id");
        assert_eq!(h["vary"], "Origin");

        let mut response = http::Response::new(Body::empty());
        let evil = HeaderValue::from_static("http://evil.test");
        decorate(&LIST, Some(&evil), &mut response);
        assert!(response
            .headers()
            .get("access-control-allow-origin")
            .is_none());
        assert_eq!(response.headers()["vary"], "Origin");

        let any = Cors {
            origins: Origins::Any,
            credentials: false,
            ..LIST
        };
        let mut response = http::Response::new(Body::empty());
        decorate(&any, Some(&evil), &mut response);
        assert_eq!(response.headers()["access-control-allow-origin"], "*");
        assert!(response.headers().get("vary").is_none());
    }
}
