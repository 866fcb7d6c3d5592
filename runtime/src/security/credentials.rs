//! Reading credentials from a request: bearer tokens, basic credentials, other HTTP schemes and
//! API keys in a header, the query string or a cookie.

use base64::Engine;
use http::HeaderMap;

use super::{ApiKeyLocation, SchemeKind, SecurityScheme};

/// Credentials that the application's credentials hook checks
/// (`#[components(credentials = check)]`). Bearer tokens are verified by the runtime and never
/// reach the hook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credential<'a> {
    /// An API key.
    ApiKey {
        /// The scheme's name in `securitySchemes`.
        scheme: &'static str,
        /// The key, percent-decoded when it came from the query string.
        key: &'a str,
    },
    /// HTTP basic credentials.
    Basic {
        /// The scheme's name in `securitySchemes`.
        scheme: &'static str,
        /// The user id.
        username: &'a str,
        /// The password.
        password: &'a str,
    },
    /// Another HTTP authentication scheme: the `Authorization` header's credentials after the
    /// scheme name.
    Http {
        /// The scheme's name in `securitySchemes`.
        scheme: &'static str,
        /// The HTTP authentication scheme (`digest`, ...).
        auth_scheme: &'static str,
        /// What follows the authentication scheme in `Authorization`.
        value: &'a str,
    },
}

impl Credential<'_> {
    /// The name in `securitySchemes` of the scheme these credentials are for.
    pub fn scheme(&self) -> &'static str {
        match self {
            Credential::ApiKey { scheme, .. }
            | Credential::Basic { scheme, .. }
            | Credential::Http { scheme, .. } => scheme,
        }
    }
}

/// What a request carries for one scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Presented {
    /// Nothing for this scheme.
    Missing,
    /// Something that cannot be the scheme's credentials (a basic header that is not base64 of
    /// `user:password`, an API key that is not UTF-8 once decoded).
    Malformed,
    /// A bearer token.
    Bearer(String),
    /// Basic credentials.
    Basic {
        /// The user id.
        username: String,
        /// The password.
        password: String,
    },
    /// Another HTTP scheme's credentials, or an API key.
    Value(String),
}

/// The request parts credentials are read from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sources<'r> {
    pub(crate) headers: &'r HeaderMap,
    pub(crate) query: Option<&'r str>,
}

/// Reads what the request carries for `scheme`.
pub(crate) fn presented(scheme: &SecurityScheme, sources: Sources<'_>) -> Presented {
    match scheme.kind {
        SchemeKind::Undeclared => Presented::Missing,
        SchemeKind::Bearer => match authorization(sources.headers, "bearer") {
            Some(token) if !token.is_empty() => Presented::Bearer(token.to_owned()),
            Some(_) => Presented::Malformed,
            None => Presented::Missing,
        },
        SchemeKind::Basic => match authorization(sources.headers, "basic") {
            Some(encoded) => basic(encoded).unwrap_or(Presented::Malformed),
            None => Presented::Missing,
        },
        SchemeKind::Http { scheme } => match authorization(sources.headers, scheme) {
            Some(value) => Presented::Value(value.to_owned()),
            None => Presented::Missing,
        },
        SchemeKind::ApiKey { location, name } => {
            let found = match location {
                ApiKeyLocation::Header => header(sources.headers, name),
                ApiKeyLocation::Query => query(sources.query, name),
                ApiKeyLocation::Cookie => cookie(sources.headers, name),
            };
            match found {
                Some(Some(key)) if !key.is_empty() => Presented::Value(key),
                Some(Some(_)) | None => Presented::Missing,
                Some(None) => Presented::Malformed,
            }
        }
    }
}

/// The credentials of `Authorization: <auth_scheme> <credentials>` (scheme names are
/// case-insensitive), when the header uses that scheme.
fn authorization<'h>(headers: &'h HeaderMap, auth_scheme: &str) -> Option<&'h str> {
    headers
        .get_all(http::header::AUTHORIZATION)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(|value| {
            let (name, rest) = value.split_once(' ').unwrap_or((value, ""));
            name.eq_ignore_ascii_case(auth_scheme)
                .then(|| rest.trim_matches(' '))
        })
}

fn basic(encoded: &str) -> Option<Presented> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let (username, password) = text.split_once(':')?;
    Some(Presented::Basic {
        username: username.to_owned(),
        password: password.to_owned(),
    })
}

/// `Some(Some(value))` when the header is there, `Some(None)` when it is not text.
fn header(headers: &HeaderMap, name: &str) -> Option<Option<String>> {
    let value = headers.get(name)?;
    Some(value.to_str().ok().map(str::to_owned))
}

/// The first query parameter `name`, percent-decoded (`+` is a space).
fn query(query: Option<&str>, name: &str) -> Option<Option<String>> {
    query?.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        (decode(key).as_deref() == Some(name)).then(|| decode(value))
    })
}

fn decode(text: &str) -> Option<String> {
    let spaced = text.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced)
        .decode_utf8()
        .ok()
        .map(|s| s.into_owned())
}

/// The first cookie `name` of the `Cookie` headers.
fn cookie(headers: &HeaderMap, name: &str) -> Option<Option<String>> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .find_map(|pair| {
            let (key, value) = pair.trim().split_once('=')?;
            (key == name).then(|| Some(value.trim_matches('"').to_owned()))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    static BEARER: SecurityScheme = SecurityScheme {
        name: "jwt",
        kind: SchemeKind::Bearer,
    };
    static BASIC: SecurityScheme = SecurityScheme {
        name: "basic",
        kind: SchemeKind::Basic,
    };
    static QUERY: SecurityScheme = SecurityScheme {
        name: "key",
        kind: SchemeKind::ApiKey {
            location: ApiKeyLocation::Query,
            name: "api_key",
        },
    };
    static COOKIE: SecurityScheme = SecurityScheme {
        name: "session",
        kind: SchemeKind::ApiKey {
            location: ApiKeyLocation::Cookie,
            name: "sid",
        },
    };
    static HEADER: SecurityScheme = SecurityScheme {
        name: "header",
        kind: SchemeKind::ApiKey {
            location: ApiKeyLocation::Header,
            name: "x-api-key",
        },
    };

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, http::HeaderValue::from_static(value));
        }
        map
    }

    fn read(scheme: &SecurityScheme, headers: &HeaderMap, query: Option<&str>) -> Presented {
        presented(scheme, Sources { headers, query })
    }

    #[test]
    fn reads_each_location() {
        let h = headers(&[("authorization", "bearer abc.def.ghi")]);
        assert_eq!(
            read(&BEARER, &h, None),
            Presented::Bearer("abc.def.ghi".into())
        );
        assert_eq!(read(&BASIC, &h, None), Presented::Missing);
        // "ann:pw" in base64.
        let h = headers(&[("authorization", "Basic YW5uOnB3")]);
        assert_eq!(
            read(&BASIC, &h, None),
            Presented::Basic {
                username: "ann".into(),
                password: "pw".into()
            }
        );
        let h = headers(&[("authorization", "Basic !!")]);
        assert_eq!(read(&BASIC, &h, None), Presented::Malformed);
        let h = HeaderMap::new();
        assert_eq!(
            read(&QUERY, &h, Some("a=1&api%5Fkey=k%20y")),
            Presented::Value("k y".into())
        );
        assert_eq!(read(&QUERY, &h, Some("a=1")), Presented::Missing);
        let h = headers(&[("cookie", "a=1; sid=xyz"), ("x-api-key", "hk")]);
        assert_eq!(read(&COOKIE, &h, None), Presented::Value("xyz".into()));
        assert_eq!(read(&HEADER, &h, None), Presented::Value("hk".into()));
        assert_eq!(read(&BEARER, &h, None), Presented::Missing);
    }
}
