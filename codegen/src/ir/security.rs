//! Security: `components.securitySchemes` and the `security` requirements of the document and
//! of each operation, lowered into [`SecurityScheme`]s and per-operation alternatives.
//!
//! - An operation's `security` replaces the document's; `security: []` makes it public.
//! - Each requirement object is one alternative (OR); its members must all be satisfied (AND);
//!   `{}` allows anonymous requests.
//! - `http` `bearer`, `oauth2` and `openIdConnect` schemes are bearer JSON Web Tokens, verified
//!   by the runtime, with the requirement's scopes checked against the token's.
//! - `apiKey`, `http` `basic` and other `http` schemes are checked by the application's
//!   credentials hook.
//! - `mutualTLS` is the gateway's business (it terminates TLS): a warning, and the scheme counts
//!   as satisfied.
//! - A requirement naming a scheme that is not declared is a warning (real specs do it), and the
//!   scheme can never be satisfied: the generated code fails closed.

use serde_json::Value;

use super::names::{self, Namer};
use super::schema::child;
use super::Operation;
use crate::diagnostics::Diagnostics;
use crate::load::Document;

/// A security scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    /// The name in `securitySchemes`.
    pub name: String,
    /// The name of its static descriptor (SHOUTY_SNAKE_CASE, unique).
    pub rust_name: String,
    /// What it is.
    pub kind: SchemeKind,
    /// The scheme's description.
    pub doc: Option<String>,
}

/// The kinds of security schemes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeKind {
    /// HTTP `bearer` (a JSON Web Token).
    Bearer,
    /// OAuth 2.0: bearer tokens with scopes.
    OAuth2,
    /// OpenID Connect: bearer tokens with scopes.
    OpenIdConnect,
    /// HTTP `basic`.
    Basic,
    /// Another HTTP authentication scheme, lower case (`digest`, ...).
    Http(String),
    /// An API key.
    ApiKey {
        /// Where it travels.
        location: ApiKeyLocation,
        /// The header, query parameter or cookie name.
        name: String,
    },
    /// Mutual TLS, checked by the gateway.
    MutualTls,
    /// Named by a requirement but not declared: never satisfied.
    Undeclared,
}

/// Where an API key travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// A header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// One member of a requirement: a scheme and the scopes it needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemeUse {
    /// Index into [`super::Ir::security_schemes`].
    pub scheme: usize,
    /// The required scopes (or roles), in document order.
    pub scopes: Vec<String>,
}

struct Lowerer<'a> {
    doc: &'a Document,
    diags: &'a mut Diagnostics,
    schemes: Vec<SecurityScheme>,
    namer: Namer,
}

/// Lowers the schemes and fills [`Operation::security`] of every operation.
pub(super) fn lower(
    doc: &Document,
    diags: &mut Diagnostics,
    operations: &mut [Operation],
) -> Vec<SecurityScheme> {
    let mut lowerer = Lowerer {
        doc,
        diags,
        schemes: Vec::new(),
        namer: Namer::default(),
    };
    lowerer.schemes();
    let global = match doc.root.get("security") {
        Some(value) => lowerer.requirements(value, "/security"),
        None => Vec::new(),
    };
    for op in operations.iter_mut() {
        let at = format!("{}/security", op.pointer);
        op.security = match doc.root.pointer(&at) {
            Some(value) => lowerer.requirements(value, &at),
            None => global.clone(),
        };
    }
    lowerer.schemes
}

impl Lowerer<'_> {
    fn error(&mut self, pointer: &str, message: impl Into<String>) {
        let location = self.doc.locate(pointer);
        self.diags.error(Some(location), message);
    }

    fn warning(&mut self, pointer: &str, message: impl Into<String>) {
        let location = self.doc.locate(pointer);
        self.diags.warning(Some(location), message);
    }

    fn add(&mut self, name: &str, kind: SchemeKind, doc: Option<String>) -> usize {
        let wanted = names::field_name(name).to_ascii_uppercase();
        let rust_name = self.namer.unique(wanted);
        self.schemes.push(SecurityScheme {
            name: name.to_owned(),
            rust_name,
            kind,
            doc,
        });
        self.schemes.len() - 1
    }

    fn schemes(&mut self) {
        let base = "/components/securitySchemes";
        let Some(schemes) = self.doc.root.pointer(base) else {
            return;
        };
        let Some(schemes) = schemes.as_object() else {
            self.error(base, "`securitySchemes` must be a mapping");
            return;
        };
        for (name, scheme) in schemes {
            let pointer = child(base, name);
            // A local `$ref` to a scheme declared elsewhere in the document.
            let (scheme, pointer) = match scheme.get("$ref").and_then(Value::as_str) {
                Some(reference) => match self.doc.resolve_ref(reference) {
                    Some(target) => (target, format!("{pointer}/$ref")),
                    None => {
                        self.error(
                            &format!("{pointer}/$ref"),
                            format!("`{reference}` does not name a security scheme"),
                        );
                        continue;
                    }
                },
                None => (scheme, pointer),
            };
            if let Some(kind) = self.kind(scheme, &pointer) {
                let doc = scheme
                    .get("description")
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                self.add(name, kind, doc);
            }
        }
    }

    fn kind(&mut self, scheme: &Value, pointer: &str) -> Option<SchemeKind> {
        let Some(fields) = scheme.as_object() else {
            self.error(pointer, "a security scheme must be a mapping");
            return None;
        };
        let text = |key: &str| fields.get(key).and_then(Value::as_str);
        let kind = match text("type") {
            Some("http") => match text("scheme").map(str::to_ascii_lowercase).as_deref() {
                Some("bearer") => SchemeKind::Bearer,
                Some("basic") => SchemeKind::Basic,
                Some(other) if is_token(other) => SchemeKind::Http(other.to_owned()),
                Some(_) => {
                    self.error(
                        &format!("{pointer}/scheme"),
                        "`scheme` must be an HTTP authentication scheme name",
                    );
                    return None;
                }
                None => {
                    self.error(pointer, "an `http` security scheme needs a `scheme`");
                    return None;
                }
            },
            Some("apiKey") => {
                let location = match text("in") {
                    Some("header") => ApiKeyLocation::Header,
                    Some("query") => ApiKeyLocation::Query,
                    Some("cookie") => ApiKeyLocation::Cookie,
                    _ => {
                        self.error(
                            &format!("{pointer}/in"),
                            "an `apiKey` scheme needs `in`: `header`, `query` or `cookie`",
                        );
                        return None;
                    }
                };
                let name = match text("name") {
                    Some(name) if !name.is_empty() => name,
                    _ => {
                        self.error(pointer, "an `apiKey` scheme needs a `name`");
                        return None;
                    }
                };
                if location == ApiKeyLocation::Header && !is_token(name) {
                    self.error(
                        &format!("{pointer}/name"),
                        format!("`{name}` is not a valid header name"),
                    );
                    return None;
                }
                let name = if location == ApiKeyLocation::Header {
                    name.to_ascii_lowercase()
                } else {
                    name.to_owned()
                };
                SchemeKind::ApiKey { location, name }
            }
            Some("oauth2") => SchemeKind::OAuth2,
            Some("openIdConnect") => SchemeKind::OpenIdConnect,
            Some("mutualTLS") => {
                self.warning(
                    pointer,
                    "`mutualTLS` is checked by the gateway that terminates TLS, not by the \
                     function; requirements naming it count it as satisfied",
                );
                SchemeKind::MutualTls
            }
            Some(other) => {
                self.error(
                    &format!("{pointer}/type"),
                    format!(
                        "unknown security scheme type `{other}`; expected `apiKey`, `http`, \
                         `oauth2`, `openIdConnect` or `mutualTLS`"
                    ),
                );
                return None;
            }
            None => {
                self.error(pointer, "a security scheme needs a `type`");
                return None;
            }
        };
        Some(kind)
    }

    /// Lowers a `security` list.
    fn requirements(&mut self, value: &Value, pointer: &str) -> Vec<Vec<SchemeUse>> {
        let Some(list) = value.as_array() else {
            self.error(
                pointer,
                "`security` must be a list of security requirements",
            );
            return Vec::new();
        };
        let mut alternatives = Vec::new();
        for (index, requirement) in list.iter().enumerate() {
            let at = format!("{pointer}/{index}");
            let Some(members) = requirement.as_object() else {
                self.error(
                    &at,
                    "a security requirement must be a mapping of scheme names",
                );
                continue;
            };
            let mut uses = Vec::new();
            for (name, scopes) in members {
                let member = child(&at, name);
                let scheme = match self.schemes.iter().position(|s| &s.name == name) {
                    Some(index) => index,
                    None => {
                        self.warning(
                            &member,
                            format!(
                                "security scheme `{name}` is not declared in \
                                 `components.securitySchemes`; requests can never satisfy it"
                            ),
                        );
                        self.add(name, SchemeKind::Undeclared, None)
                    }
                };
                let Some(scopes) = scopes.as_array() else {
                    self.error(&member, "the scopes of a requirement must be a list");
                    continue;
                };
                let mut names = Vec::new();
                for (i, scope) in scopes.iter().enumerate() {
                    match scope.as_str() {
                        Some(scope) if !scope.is_empty() && !scope.contains([' ', '"', '\\']) => {
                            names.push(scope.to_owned())
                        }
                        _ => self.error(
                            &format!("{member}/{i}"),
                            "a scope must be a non-empty string without spaces or quotes",
                        ),
                    }
                }
                if self.schemes[scheme].kind == SchemeKind::MutualTls {
                    continue;
                }
                uses.push(SchemeUse {
                    scheme,
                    scopes: names,
                });
            }
            alternatives.push(uses);
        }
        alternatives
    }
}

/// Whether `text` is an HTTP token (a header or authentication scheme name).
fn is_token(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

impl super::Ir {
    /// Whether the spec declares schemes whose credentials the application's hook checks (API
    /// keys, basic and other HTTP schemes): the application must then have a `credentials` hook,
    /// and the scaffold writes one.
    pub fn needs_credentials_hook(&self) -> bool {
        self.security_schemes.iter().any(|scheme| {
            matches!(
                scheme.kind,
                SchemeKind::ApiKey { .. } | SchemeKind::Basic | SchemeKind::Http(_)
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lower_spec(text: &str) -> Result<crate::Analysis, Diagnostics> {
        crate::analyze_str("spec.yaml", text)
    }

    const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

    #[test]
    fn operation_security_overrides_the_global_one() {
        let spec = format!(
            "{HEAD}security: [{{jwt: [read]}}]\npaths:\n  /a:\n    get:\n      operationId: a\n      responses: {{'200': {{description: ok}}}}\n  /b:\n    get:\n      operationId: b\n      security: [{{key: []}}, {{}}]\n      responses: {{'200': {{description: ok}}}}\n  /c:\n    get:\n      operationId: c\n      security: []\n      responses: {{'200': {{description: ok}}}}\ncomponents:\n  securitySchemes:\n    jwt: {{type: http, scheme: Bearer}}\n    key: {{type: apiKey, in: header, name: X-Key}}\n"
        );
        let analysis = match lower_spec(&spec) {
            Ok(analysis) => analysis,
            Err(diags) => panic!("{diags}"),
        };
        let ir = analysis.ir;
        assert_eq!(ir.security_schemes[0].kind, SchemeKind::Bearer);
        assert_eq!(ir.security_schemes[0].rust_name, "JWT");
        assert_eq!(
            ir.security_schemes[1].kind,
            SchemeKind::ApiKey {
                location: ApiKeyLocation::Header,
                name: "x-key".into()
            }
        );
        assert_eq!(
            ir.operations[0].security,
            vec![vec![SchemeUse {
                scheme: 0,
                scopes: vec!["read".into()]
            }]]
        );
        assert_eq!(
            ir.operations[1].security,
            vec![
                vec![SchemeUse {
                    scheme: 1,
                    scopes: vec![]
                }],
                vec![]
            ]
        );
        assert!(ir.operations[2].security.is_empty());
        assert_eq!(analysis.warnings.warning_count(), 0);
    }

    #[test]
    fn undeclared_schemes_warn_and_never_pass() {
        let spec = format!(
            "{HEAD}paths:\n  /a:\n    get:\n      operationId: a\n      security: [{{ghost: []}}]\n      responses: {{'200': {{description: ok}}}}\n"
        );
        let analysis = match lower_spec(&spec) {
            Ok(analysis) => analysis,
            Err(diags) => panic!("{diags}"),
        };
        assert_eq!(analysis.ir.security_schemes[0].kind, SchemeKind::Undeclared);
        let text = analysis.warnings.to_string();
        assert!(
            text.contains("security scheme `ghost` is not declared"),
            "{text}"
        );
        assert!(text.contains("spec.yaml:7:19"), "{text}");
    }

    #[test]
    fn bad_schemes_are_located_errors() {
        let spec = format!(
            "{HEAD}paths: {{}}\ncomponents:\n  securitySchemes:\n    a: {{type: apiKey, name: k}}\n    b: {{type: magic}}\n    c: {{type: http}}\n    d: {{type: apiKey, in: header, name: 'bad header'}}\n"
        );
        let Err(diags) = lower_spec(&spec) else {
            panic!("bad schemes must be errors");
        };
        let text = diags.to_string();
        for expected in [
            "an `apiKey` scheme needs `in`",
            "unknown security scheme type `magic`",
            "an `http` security scheme needs a `scheme`",
            "`bad header` is not a valid header name",
        ] {
            assert!(text.contains(expected), "{expected} in {text}");
        }
        assert_eq!(diags.error_count(), 4, "{text}");
    }
}
