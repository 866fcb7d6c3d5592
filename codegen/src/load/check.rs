//! The shape every OpenAPI document must have before anything else reads it: a mapping with a
//! supported `openapi` version, an `info` object and something to generate from.
//!
//! Where real specs commonly bend the rules (`info.version` missing or written as a number, no
//! `paths` in a webhooks-only 3.1 document), the document is repaired in place with a warning, so
//! that the 3.0 model (which requires these fields) can read it.

use serde_json::{Map, Value};

use super::refs::kind;
use super::Document;
use crate::diagnostics::Diagnostics;

/// The OpenAPI versions the loader reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Version {
    /// 3.0.x, read as it is.
    V3_0,
    /// 3.1.x, normalised onto the 3.0 shape.
    V3_1,
}

/// Checks (and where it is harmless, repairs) the top of the document. Returns the version when
/// the document is an OpenAPI 3.0 or 3.1 mapping with a usable top level (warnings aside), and
/// `None` after reporting every error otherwise.
pub(crate) fn check(doc: &mut Document, diagnostics: &mut Diagnostics) -> Option<Version> {
    let errors_before = diagnostics.error_count();
    let Value::Object(root) = &doc.root else {
        let message = format!(
            "the document must be a mapping (an OpenAPI object), not {}",
            kind(&doc.root)
        );
        diagnostics.push(doc.error_at("", message));
        return None;
    };
    let version = version(doc, root, diagnostics);
    let mut repairs = Repairs::default();
    check_info(doc, root, diagnostics, &mut repairs);
    check_contents(doc, root, version, diagnostics, &mut repairs);
    repairs.apply(&mut doc.root);
    version.filter(|_| diagnostics.error_count() == errors_before)
}

fn version(
    doc: &Document,
    root: &Map<String, Value>,
    diagnostics: &mut Diagnostics,
) -> Option<Version> {
    let Some(openapi) = root.get("openapi") else {
        if let Some(swagger) = root.get("swagger") {
            let shown = swagger
                .as_str()
                .map_or_else(|| swagger.to_string(), str::to_owned);
            let message = format!(
                "this is a Swagger {shown} document; sls-gen reads OpenAPI 3.0 and 3.1: convert it \
                 first, for example with `npx swagger2openapi spec.yaml -o openapi.yaml`"
            );
            diagnostics.push(doc.error_at("/swagger", message));
        } else {
            let message =
                "missing `openapi` field: expected the OpenAPI version, such as `openapi: 3.0.3` \
                           or `openapi: 3.1.0`";
            diagnostics.push(doc.error_at("", message));
        }
        return None;
    };
    let Some(text) = openapi.as_str() else {
        let message = format!(
            "`openapi` must be a version string such as \"3.1.0\" (in quotes), not {}",
            kind(openapi)
        );
        diagnostics.push(doc.error_at("/openapi", message));
        return None;
    };
    let parsed = parse_version(text);
    if parsed.is_none() {
        let message =
            format!("unsupported OpenAPI version `{text}`: sls-gen reads 3.0.x and 3.1.x");
        diagnostics.push(doc.error_at("/openapi", message));
    }
    parsed
}

/// `3.0`, `3.0.3`, `3.1.0-rc1` …; `None` for anything else.
fn parse_version(text: &str) -> Option<Version> {
    let (minor, rest) = if let Some(rest) = text.strip_prefix("3.0") {
        (Version::V3_0, rest)
    } else {
        (Version::V3_1, text.strip_prefix("3.1")?)
    };
    if rest.is_empty() {
        return Some(minor);
    }
    let patch = rest.strip_prefix('.')?;
    let digits = patch.split('-').next().unwrap_or_default();
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then_some(minor)
}

/// Changes to make once checking (which borrows the document) is over.
#[derive(Default)]
struct Repairs {
    /// Members of `info` to set.
    info: Vec<(&'static str, Value)>,
    /// Give the document an empty `paths` mapping.
    empty_paths: bool,
}

impl Repairs {
    fn apply(self, root: &mut Value) {
        let Value::Object(root) = root else {
            return;
        };
        if let Some(Value::Object(info)) = root.get_mut("info") {
            for (key, value) in self.info {
                info.insert(key.to_owned(), value);
            }
        }
        if self.empty_paths {
            root.insert("paths".to_owned(), Value::Object(Map::new()));
        }
    }
}

fn check_info(
    doc: &Document,
    root: &Map<String, Value>,
    diagnostics: &mut Diagnostics,
    repairs: &mut Repairs,
) {
    let info = match root.get("info") {
        Some(Value::Object(info)) => info,
        Some(other) => {
            let message = format!("`info` must be a mapping, not {}", kind(other));
            diagnostics.push(doc.error_at("/info", message));
            return;
        }
        None => {
            let message = "missing `info` object (with the API's `title` and `version`)";
            diagnostics.push(doc.error_at("", message));
            return;
        }
    };
    for (field, default) in [("title", "API"), ("version", "0.0.0")] {
        let pointer = format!("/info/{field}");
        match info.get(field) {
            Some(Value::String(_)) => {}
            None | Some(Value::Null) => {
                let message = format!("`info.{field}` is missing; using \"{default}\"");
                diagnostics.push(doc.warning_at(&pointer, message));
                repairs
                    .info
                    .push((field, Value::String(default.to_owned())));
            }
            Some(Value::Number(number)) => {
                let text = number.to_string();
                let message = format!(
                    "`info.{field}` is a number; reading it as the string \"{text}\" (quote it to keep \
                     it exact)"
                );
                diagnostics.push(doc.warning_at(&pointer, message));
                repairs.info.push((field, Value::String(text)));
            }
            Some(other) => {
                let message = format!("`info.{field}` must be a string, not {}", kind(other));
                diagnostics.push(doc.error_at(&pointer, message));
            }
        }
    }
}

fn check_contents(
    doc: &Document,
    root: &Map<String, Value>,
    version: Option<Version>,
    diagnostics: &mut Diagnostics,
    repairs: &mut Repairs,
) {
    let mut present = false;
    for field in ["paths", "webhooks", "components"] {
        match root.get(field) {
            None => {}
            Some(Value::Object(_)) => present = true,
            Some(Value::Null) if field == "paths" => {
                present = true;
                let message = "`paths` is empty; reading it as `{}`";
                diagnostics.push(doc.warning_at("/paths", message));
                repairs.empty_paths = true;
            }
            Some(other) => {
                present = true;
                let message = format!("`{field}` must be a mapping, not {}", kind(other));
                diagnostics.push(doc.error_at(&format!("/{field}"), message));
            }
        }
    }
    if !present {
        let message =
            "the document has none of `paths`, `webhooks` and `components`: there is nothing \
                       to generate";
        diagnostics.push(doc.error_at("", message));
        return;
    }
    if !root.contains_key("paths") {
        if version == Some(Version::V3_0) {
            let message = "`paths` is missing (OpenAPI 3.0 requires it); reading it as `{}`";
            diagnostics.push(doc.warning_at("", message));
        }
        repairs.empty_paths = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        assert_eq!(parse_version("3.0.3"), Some(Version::V3_0));
        assert_eq!(parse_version("3.0"), Some(Version::V3_0));
        assert_eq!(parse_version("3.1.0"), Some(Version::V3_1));
        assert_eq!(parse_version("3.1.1-rc2"), Some(Version::V3_1));
        assert_eq!(parse_version("3.2.0"), None);
        assert_eq!(parse_version("3.10.0"), None);
        assert_eq!(parse_version("3.0."), None);
        assert_eq!(parse_version("2.0"), None);
        assert_eq!(parse_version("3.0.x"), None);
    }
}
