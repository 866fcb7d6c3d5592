//! Authentication and authorization from the spec's `securitySchemes` and `security`.
//!
//! The generator describes every scheme as a static [`SecurityScheme`] and gives each operation
//! descriptor its effective requirements ([`OperationDescriptor::security`]): a list of
//! alternatives (OR), each a list of schemes that must all be satisfied (AND), each with the
//! scopes it requires. An empty alternative (`{}` in the spec) lets anonymous requests through;
//! an empty list means the operation is public.
//!
//! Before the request is decoded, the service checks the requirements ([`guard`]):
//!
//! - bearer tokens (HTTP `bearer`, `oauth2`, `openIdConnect`) are JSON Web Tokens verified by
//!   [`JwtVerifier`] (HS256, RS256, ES256; signature, `exp`, `nbf`, `iss`, `aud`) with keys from
//!   the environment ([`SecurityConfig::from_env`]); required scopes are read from the token's
//!   `scope` (space-separated) or `scp` (list) claim;
//! - API keys (header, query or cookie) and HTTP basic credentials are handed to the
//!   application's credentials hook (`#[components(credentials = check)]`), which answers a
//!   [`Principal`] or a problem.
//!
//! Failures are RFC 9457 problems: 401 with a `WWW-Authenticate` challenge when credentials are
//! missing or invalid, 403 `insufficient_scope` when they lack a required scope. Handlers receive
//! the authenticated principal as [`Auth<Claims>`](Auth) with their own claims type.
//!
//! [`OperationDescriptor::security`]: crate::descriptor::OperationDescriptor::security

mod auth;
pub mod credentials;
pub mod guard;
pub mod jwt;

use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde_json::Value;

pub use auth::{Auth, AuthArgument, Authenticated};

/// Implemented by `#[components(credentials = check)]`: the application has a hook that checks
/// API keys, HTTP basic and other non-bearer credentials. The generated `assert_all_handled`
/// requires it when the spec declares such a scheme, so a forgotten hook is a compile error
/// rather than a 500 at run time.
#[diagnostic::on_unimplemented(
    message = "the spec has API key or HTTP basic security schemes, and `{Self}` has no `credentials` hook to check them",
    label = "no `credentials` hook",
    note = "add `credentials = check` to `#[components(...)]`, with `async fn check(state: &State, credential: sls_runtime::Credential<'_>) -> Result<sls_runtime::Principal, sls_runtime::Problem>`"
)]
pub trait ChecksCredentials: crate::Application {}
pub use credentials::Credential;
pub use jwt::{JwtConfigError, JwtError, JwtVerifier};

/// A scheme of `components.securitySchemes`, as the generator describes it.
#[derive(Debug)]
pub struct SecurityScheme {
    /// The scheme's name in `securitySchemes`.
    pub name: &'static str,
    /// How its credentials travel and who checks them.
    pub kind: SchemeKind,
}

/// The kinds of security schemes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemeKind {
    /// A bearer JSON Web Token in `Authorization: Bearer ...` (HTTP `bearer`, `oauth2` and
    /// `openIdConnect` schemes), verified by the runtime.
    Bearer,
    /// HTTP basic credentials, checked by the credentials hook.
    Basic,
    /// Another HTTP authentication scheme (`Authorization: <scheme> ...`), checked by the
    /// credentials hook.
    Http {
        /// The scheme name as written in the spec (`digest`, `hoba`, ...).
        scheme: &'static str,
    },
    /// An API key, checked by the credentials hook.
    ApiKey {
        /// Where the key travels.
        location: ApiKeyLocation,
        /// The header, query parameter or cookie name.
        name: &'static str,
    },
    /// A scheme that a requirement names but the spec does not declare: never satisfied.
    Undeclared,
}

/// Where an API key travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// One scheme of a security requirement, with the scopes it requires.
#[derive(Debug)]
pub struct SchemeUse {
    /// The scheme.
    pub scheme: &'static SecurityScheme,
    /// The scopes (or roles) the principal must have, all of them.
    pub scopes: &'static [&'static str],
}

/// One alternative of an operation's security: every scheme in it must be satisfied. An empty
/// alternative lets anonymous requests through.
pub type Requirement = &'static [SchemeUse];

/// Who made a request, as established by one security scheme.
#[derive(Debug, Clone, PartialEq)]
pub struct Principal {
    /// The name of the scheme that established it (set by the runtime).
    pub scheme: &'static str,
    /// The claims: a verified token's payload, or what the credentials hook says.
    pub claims: Value,
    /// The scopes (or roles) granted.
    pub scopes: Vec<String>,
}

impl Principal {
    /// A principal with `claims` and no scopes. A credentials hook answers one for valid
    /// credentials, as in `Ok(Principal::new(json!({"sub": "alice"})))`.
    pub fn new(claims: Value) -> Self {
        Principal {
            scheme: "",
            claims,
            scopes: Vec::new(),
        }
    }

    /// The same principal, granted `scopes`.
    pub fn with_scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// The `sub` claim, when it is a string.
    pub fn subject(&self) -> Option<&str> {
        self.claims.get("sub").and_then(Value::as_str)
    }

    /// The claims as the user's type.
    pub fn claims_as<C: DeserializeOwned>(&self) -> Result<C, serde_json::Error> {
        C::deserialize(&self.claims)
    }
}

/// Settings of authentication: how bearer tokens are verified.
#[derive(Debug, Clone, Default)]
pub struct SecurityConfig {
    /// The verifier of bearer tokens; `None` when no key is configured (operations that require
    /// a bearer token then answer 500 and the cause is logged).
    pub jwt: Option<Arc<JwtVerifier>>,
}

impl SecurityConfig {
    /// Reads the bearer token settings from the environment (see [`JwtVerifier::from_env`]).
    pub fn from_env() -> Result<Self, JwtConfigError> {
        Ok(SecurityConfig {
            jwt: JwtVerifier::from_env()?.map(Arc::new),
        })
    }

    /// Settings that verify bearer tokens with `verifier`.
    pub fn with_jwt(verifier: JwtVerifier) -> Self {
        SecurityConfig {
            jwt: Some(Arc::new(verifier)),
        }
    }
}
