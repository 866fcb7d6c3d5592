//! Checking an operation's security requirements against a request.
//!
//! The alternatives are tried in the spec's order; the first one whose every scheme is satisfied
//! (credentials present and valid, required scopes granted) admits the request, with the
//! principals it established. Each scheme is checked at most once per request, however many
//! alternatives name it.
//!
//! When no alternative is satisfied:
//! - credentials that were presented and refused (a bad token, a key the hook rejects) answer
//!   401 with the reason (`WWW-Authenticate: Bearer error="invalid_token"` for tokens), even when
//!   anonymous access is allowed: a client that sends credentials learns that they are wrong;
//! - otherwise anonymous access (`{}` among the alternatives) admits the request with no
//!   principal;
//! - otherwise valid credentials without a required scope answer 403 (`insufficient_scope`);
//! - otherwise (nothing presented) 401 with one challenge per scheme that would do.

use http::{HeaderValue, StatusCode};

use super::credentials::{self, Credential, Presented, Sources};
use super::{jwt, Principal, Requirement, SchemeKind, SchemeUse, SecurityConfig, SecurityScheme};
use crate::app::Application;
use crate::Problem;

/// What checking one scheme gave.
#[derive(Debug, Clone)]
enum Outcome {
    /// The request carries nothing for it.
    Missing,
    /// The credentials were checked and refused: the problem to answer.
    Refused(Problem),
    /// The credentials are valid.
    Valid(Principal),
}

/// Why an alternative failed, from the least to the most telling.
#[derive(Debug)]
enum Failure {
    Missing,
    Scope(&'static SchemeUse),
    Refused(Problem),
}

/// Checks `requirements` (an operation's alternatives) against the request. Returns the
/// principals of the first satisfied alternative (none for a public operation or anonymous
/// access), or the problem to answer.
pub(crate) async fn authorize<A: Application>(
    state: &A::State,
    config: &SecurityConfig,
    requirements: &'static [Requirement],
    sources: Sources<'_>,
) -> Result<Vec<Principal>, Problem> {
    if requirements.is_empty() {
        return Ok(Vec::new());
    }
    let mut checked: Vec<(&'static str, Outcome)> = Vec::new();
    let mut anonymous = false;
    let mut worst: Option<Failure> = None;
    for alternative in requirements {
        if alternative.is_empty() {
            anonymous = true;
            continue;
        }
        let mut principals = Vec::with_capacity(alternative.len());
        let mut failure = None;
        for used in alternative.iter() {
            let name = used.scheme.name;
            let outcome = match checked.iter().find(|(n, _)| *n == name) {
                Some((_, outcome)) => outcome.clone(),
                None => {
                    let outcome = check::<A>(state, config, used.scheme, sources).await;
                    // A server-side failure (no key, no hook) ends the check at once.
                    if let Outcome::Refused(problem) = &outcome {
                        if problem.status.is_server_error() {
                            return Err(problem.clone());
                        }
                    }
                    checked.push((name, outcome.clone()));
                    outcome
                }
            };
            match outcome {
                Outcome::Missing => failure = Some(Failure::Missing),
                Outcome::Refused(problem) => failure = Some(Failure::Refused(problem)),
                Outcome::Valid(principal) => {
                    if used
                        .scopes
                        .iter()
                        .all(|scope| principal.scopes.iter().any(|s| s == scope))
                    {
                        principals.push(principal);
                        continue;
                    }
                    failure = Some(Failure::Scope(used));
                }
            }
            break;
        }
        match failure {
            None => return Ok(principals),
            Some(failure) => {
                if rank(&failure) > worst.as_ref().map_or(0, rank) {
                    worst = Some(failure);
                }
            }
        }
    }
    match worst {
        Some(Failure::Refused(problem)) => Err(problem),
        _ if anonymous => Ok(Vec::new()),
        Some(Failure::Scope(used)) => Err(insufficient_scope(used)),
        _ => Err(missing(requirements)),
    }
}

fn rank(failure: &Failure) -> u8 {
    match failure {
        Failure::Missing => 1,
        Failure::Scope(_) => 2,
        Failure::Refused(_) => 3,
    }
}

/// Checks what the request carries for one scheme.
async fn check<A: Application>(
    state: &A::State,
    config: &SecurityConfig,
    scheme: &'static SecurityScheme,
    sources: Sources<'_>,
) -> Outcome {
    let presented = credentials::presented(scheme, sources);
    let credential = match &presented {
        Presented::Missing => return Outcome::Missing,
        Presented::Malformed => return Outcome::Refused(malformed(scheme)),
        Presented::Bearer(token) => {
            let Some(verifier) = config.jwt.as_deref().filter(|v| v.has_keys()) else {
                tracing::error!(
                    scheme = scheme.name,
                    "a bearer token cannot be verified: no key is configured (set SLS_JWT_SECRET \
                     or SLS_JWT_PUBLIC_KEY, or their _FILE variants)"
                );
                return Outcome::Refused(Problem::internal());
            };
            return match verifier.verify(token) {
                Ok(claims) => Outcome::Valid(Principal {
                    scheme: scheme.name,
                    scopes: jwt::scopes(&claims),
                    claims,
                }),
                Err(error) => {
                    tracing::info!(scheme = scheme.name, %error, "bearer token refused");
                    Outcome::Refused(invalid_token(&error.to_string()))
                }
            };
        }
        Presented::Basic { username, password } => Credential::Basic {
            scheme: scheme.name,
            username,
            password,
        },
        Presented::Value(value) => match scheme.kind {
            SchemeKind::Http {
                scheme: auth_scheme,
            } => Credential::Http {
                scheme: scheme.name,
                auth_scheme,
                value,
            },
            _ => Credential::ApiKey {
                scheme: scheme.name,
                key: value,
            },
        },
    };
    match A::check_credential(state, credential).await {
        Ok(mut principal) => {
            principal.scheme = scheme.name;
            Outcome::Valid(principal)
        }
        Err(mut problem) => {
            if problem.status == StatusCode::UNAUTHORIZED
                && !problem
                    .headers
                    .iter()
                    .any(|(name, _)| name == http::header::WWW_AUTHENTICATE)
            {
                problem = problem.with_header(http::header::WWW_AUTHENTICATE, challenge(scheme));
            }
            Outcome::Refused(problem)
        }
    }
}

/// 401 for a bearer token that was refused, saying why.
pub fn invalid_token(description: &str) -> Problem {
    let header = format!(r#"Bearer error="invalid_token", error_description="{description}""#);
    Problem::new(StatusCode::UNAUTHORIZED)
        .with_detail(description)
        .with_header(
            http::header::WWW_AUTHENTICATE,
            HeaderValue::from_str(&header)
                .unwrap_or_else(|_| HeaderValue::from_static(r#"Bearer error="invalid_token""#)),
        )
}

fn malformed(scheme: &SecurityScheme) -> Problem {
    match scheme.kind {
        SchemeKind::Bearer => invalid_token("the token is malformed"),
        _ => Problem::new(StatusCode::UNAUTHORIZED)
            .with_detail(format!(
                "the credentials for `{}` are malformed",
                scheme.name
            ))
            .with_header(http::header::WWW_AUTHENTICATE, challenge(scheme)),
    }
}

fn insufficient_scope(used: &SchemeUse) -> Problem {
    let scopes = used.scopes.join(" ");
    let mut problem = Problem::new(StatusCode::FORBIDDEN).with_detail(format!(
        "the credentials for `{}` lack a required scope; required: {scopes}",
        used.scheme.name
    ));
    if used.scheme.kind == SchemeKind::Bearer {
        let header = format!(r#"Bearer error="insufficient_scope", scope="{scopes}""#);
        if let Ok(value) = HeaderValue::from_str(&header) {
            problem = problem.with_header(http::header::WWW_AUTHENTICATE, value);
        }
    }
    problem
}

/// 401 with one challenge per scheme of the requirements.
fn missing(requirements: &'static [Requirement]) -> Problem {
    let mut problem = Problem::new(StatusCode::UNAUTHORIZED)
        .with_detail("this operation requires authentication");
    let mut seen: Vec<&str> = Vec::new();
    for used in requirements
        .iter()
        .flat_map(|alternative| alternative.iter())
    {
        if seen.contains(&used.scheme.name) || used.scheme.kind == SchemeKind::Undeclared {
            continue;
        }
        seen.push(used.scheme.name);
        let value = challenge(used.scheme);
        if !problem.headers.iter().any(|(_, v)| *v == value) {
            problem = problem.with_header(http::header::WWW_AUTHENTICATE, value);
        }
    }
    problem
}

/// The `WWW-Authenticate` challenge of a scheme.
fn challenge(scheme: &SecurityScheme) -> HeaderValue {
    let text = match scheme.kind {
        SchemeKind::Bearer => "Bearer".to_owned(),
        SchemeKind::Basic => r#"Basic realm="api", charset="UTF-8""#.to_owned(),
        SchemeKind::Http { scheme } => scheme.to_owned(),
        SchemeKind::Undeclared => "Undeclared".to_owned(),
        SchemeKind::ApiKey { location, name } => {
            let location = match location {
                super::ApiKeyLocation::Header => "header",
                super::ApiKeyLocation::Query => "query",
                super::ApiKeyLocation::Cookie => "cookie",
            };
            format!(r#"ApiKey name="{name}", in="{location}""#)
        }
    };
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("ApiKey"))
}
