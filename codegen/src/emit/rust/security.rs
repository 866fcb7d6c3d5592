//! Security and HTTP policy in the generated module, written as text (see [`super::text`]):
//!
//! - the `security` module: one static `SecurityScheme` per scheme of the spec;
//! - each operation descriptor's `security` (its alternatives, each a slice of schemes with
//!   their scopes) and, for an operation that always authenticates, the `Authenticated` marker
//!   that lets its handler take `Auth<Claims>`;
//! - each function's `POLICY` (CORS, body limit, rate limit) when the manifest sets one.

use super::text::{string, Code, Expr};
use super::Formatted;
use crate::ir::{ApiKeyLocation, Ir, Operation, SchemeKind};
use crate::manifest::http::HttpSettings;

/// The `security` part: a static per scheme. Nothing for a spec without schemes.
pub(super) fn schemes(ir: &Ir) -> Formatted {
    if ir.security_schemes.is_empty() {
        return Formatted {
            opening: None,
            body: String::new(),
        };
    }
    let mut code = Code::at(4);
    for scheme in &ir.security_schemes {
        let kind = match &scheme.kind {
            SchemeKind::Bearer | SchemeKind::OAuth2 | SchemeKind::OpenIdConnect => {
                "__s::SchemeKind::Bearer".to_owned()
            }
            SchemeKind::Basic => "__s::SchemeKind::Basic".to_owned(),
            SchemeKind::Http(name) => {
                format!("__s::SchemeKind::Http {{ scheme: {} }}", string(name))
            }
            SchemeKind::ApiKey { location, name } => {
                let location = match location {
                    ApiKeyLocation::Header => "Header",
                    ApiKeyLocation::Query => "Query",
                    ApiKeyLocation::Cookie => "Cookie",
                };
                format!(
                    "__s::SchemeKind::ApiKey {{ location: __s::ApiKeyLocation::{location}, name: {} }}",
                    string(name)
                )
            }
            SchemeKind::MutualTls | SchemeKind::Undeclared => {
                "__s::SchemeKind::Undeclared".to_owned()
            }
        };
        let what = match &scheme.kind {
            SchemeKind::Bearer => "a bearer token",
            SchemeKind::OAuth2 => "an OAuth 2.0 bearer token",
            SchemeKind::OpenIdConnect => "an OpenID Connect bearer token",
            SchemeKind::Basic => "HTTP basic credentials",
            SchemeKind::Http(_) => "HTTP credentials",
            SchemeKind::ApiKey { .. } => "an API key",
            SchemeKind::MutualTls => "mutual TLS, checked by the gateway",
            SchemeKind::Undeclared => "not declared in the spec: never satisfied",
        };
        code.line_fmt(format_args!(
            "/// Security scheme `{}`: {what}.",
            scheme.name.replace(['`', '\n', '\r'], " ")
        ));
        if let Some(doc) = &scheme.doc {
            code.line("///");
            code.doc(Some(doc));
        }
        code.statement(
            &format!("pub static {}: __s::SecurityScheme = ", scheme.rust_name),
            &Expr::structure(
                "__s::SecurityScheme",
                vec![
                    Expr::field("name", Expr::atom(string(&scheme.name))),
                    Expr::field("kind", Expr::atom(kind)),
                ],
            ),
            ";",
        );
    }
    Formatted {
        opening: Some(
            "/// The security schemes of the spec (`components.securitySchemes`).\n\
             pub mod security {\n    use ::sls_runtime::security as __s;\n"
                .to_owned(),
        ),
        body: code.finish(),
    }
}

/// The value of an operation descriptor's `security` field.
pub(super) fn requirements(ir: &Ir, op: &Operation) -> Expr {
    let alternatives = op
        .security
        .iter()
        .map(|alternative| {
            let uses = alternative
                .iter()
                .map(|used| {
                    let scheme = &ir.security_schemes[used.scheme];
                    let scopes = used.scopes.iter().map(|s| Expr::atom(string(s))).collect();
                    Expr::structure(
                        "::sls_runtime::security::SchemeUse",
                        vec![
                            Expr::field(
                                "scheme",
                                Expr::atom(format!("&super::security::{}", scheme.rust_name)),
                            ),
                            Expr::field("scopes", Expr::array(scopes).borrow()),
                        ],
                    )
                })
                .collect();
            Expr::array(uses).borrow()
        })
        .collect();
    Expr::array(alternatives).borrow()
}

/// Whether every request to `op` is authenticated (requirements, none of them empty).
pub(super) fn always_authenticates(op: &Operation) -> bool {
    !op.security.is_empty()
        && op
            .security
            .iter()
            .all(|alternative| !alternative.is_empty())
}

/// Writes the `Authenticated` marker of an operation that always authenticates.
pub(super) fn authenticated(code: &mut Code, op: &Operation) {
    if always_authenticates(op) {
        code.line_fmt(format_args!(
            "impl ::sls_runtime::security::Authenticated for {} {{}}",
            op.ident
        ));
    }
}

/// Writes the `POLICY` constant of the `functions` module, when the manifest sets one.
pub(super) fn policy_const(code: &mut Code, http: &HttpSettings) {
    if http.is_default() {
        return;
    }
    let cors = match &http.cors {
        None => Expr::atom("::core::option::Option::None"),
        Some(cors) => {
            let list = |items: &[String]| {
                Expr::array(items.iter().map(|s| Expr::atom(string(s))).collect()).borrow()
            };
            let origins = match &cors.origins {
                None => Expr::atom("::sls_runtime::cors::Origins::Any"),
                Some(origins) => {
                    Expr::call("::sls_runtime::cors::Origins::List", vec![list(origins)])
                }
            };
            let headers = match &cors.headers {
                None => Expr::atom("::core::option::Option::None"),
                Some(headers) => Expr::call("::core::option::Option::Some", vec![list(headers)]),
            };
            let max_age = match cors.max_age {
                None => Expr::atom("::core::option::Option::None"),
                Some(seconds) => Expr::atom(format!("::core::option::Option::Some({seconds})")),
            };
            Expr::call(
                "::core::option::Option::Some",
                vec![Expr::structure(
                    "::sls_runtime::cors::Cors",
                    vec![
                        Expr::field("origins", origins),
                        Expr::field("methods", list(&cors.methods)),
                        Expr::field("headers", headers),
                        Expr::field("credentials", Expr::atom(cors.credentials.to_string())),
                        Expr::field("expose", list(&cors.expose)),
                        Expr::field("max_age", max_age),
                    ],
                )
                .borrow()],
            )
        }
    };
    let body_limit = match http.body_limit {
        Some(bytes) => Expr::atom(format!("{bytes}")),
        None => Expr::atom("::sls_runtime::policy::DEFAULT_BODY_LIMIT"),
    };
    let rate = match http.rate {
        None => Expr::atom("::core::option::Option::None"),
        Some(rate) => Expr::call(
            "::core::option::Option::Some",
            vec![Expr::structure(
                "::sls_runtime::policy::Rate",
                vec![
                    Expr::field("requests", Expr::atom(rate.requests.to_string())),
                    Expr::field(
                        "period",
                        Expr::atom(format!(
                            "::core::time::Duration::from_secs({})",
                            rate.period_seconds
                        )),
                    ),
                    Expr::field("burst", Expr::atom(rate.burst.to_string())),
                ],
            )],
        ),
    };
    code.line("/// CORS, body limit and rate limit of every function, from the manifest.");
    code.statement(
        "pub const POLICY: ::sls_runtime::HttpPolicy = ",
        &Expr::structure(
            "::sls_runtime::HttpPolicy",
            vec![
                Expr::field("cors", cors),
                Expr::field("body_limit", body_limit),
                Expr::field("rate", rate),
            ],
        ),
        ";",
    );
}

/// Writes a function's `const POLICY` item, when the manifest sets one.
pub(super) fn function_policy(code: &mut Code, http: &HttpSettings) {
    if !http.is_default() {
        code.line("const POLICY: &'static ::sls_runtime::HttpPolicy = &POLICY;");
    }
}
