//! The `x-sls` manifest: service name, function grouping and per-function settings.

pub mod events;
pub mod http;
pub mod schedule;

use serde_json::Value;

use crate::diagnostics::{escape_pointer_token, Diagnostics};
use crate::load::Document;

/// The manifest, as written (selectors are matched against operations during lowering).
#[derive(Debug, Clone, Default)]
pub struct Manifest {
    /// `service`.
    pub service: Option<String>,
    /// `platforms`.
    pub platforms: Vec<String>,
    /// `functions`, in document order.
    pub functions: Vec<FunctionSpec>,
    /// `events`, in document order.
    pub events: Vec<events::EventSpec>,
    /// `cors` and `limits`.
    pub http: http::HttpSettings,
}

/// One entry of `functions`.
#[derive(Debug, Clone, Default)]
pub struct FunctionSpec {
    /// The function's name.
    pub name: String,
    /// JSON pointer of the entry.
    pub pointer: String,
    /// `operations`: operationIds with the pointer of each entry.
    pub operations: Vec<(String, String)>,
    /// `tags`, with pointers.
    pub tags: Vec<(String, String)>,
    /// `paths` glob patterns (`*` one segment, `**` any rest), with pointers.
    pub paths: Vec<(String, String)>,
    /// `memory` in MB.
    pub memory: Option<u32>,
    /// `timeout` in seconds.
    pub timeout: Option<u32>,
}

const PLATFORMS: &[&str] = &["aws", "alicloud", "tencent", "local"];
const MANIFEST_KEYS: &[&str] = &[
    "service",
    "platforms",
    "functions",
    "events",
    "cors",
    "limits",
];
const FUNCTION_KEYS: &[&str] = &["operations", "tags", "paths", "memory", "timeout"];

/// Reads `x-sls` from the document (an absent manifest is the empty manifest).
pub fn read(doc: &Document, diags: &mut Diagnostics) -> Manifest {
    let base = "/x-sls";
    let mut manifest = Manifest::default();
    let Some(value) = doc.root.get("x-sls") else {
        return manifest;
    };
    let mut error =
        |pointer: &str, message: String| diags.error(Some(doc.locate(pointer)), message);
    let Some(map) = value.as_object() else {
        error(base, "`x-sls` must be a mapping".to_owned());
        return manifest;
    };
    for key in map.keys() {
        if !MANIFEST_KEYS.contains(&key.as_str()) {
            let at = format!("{base}/{}", escape_pointer_token(key));
            error(
                &at,
                format!(
                    "unknown manifest key `{key}`; expected one of: {}",
                    MANIFEST_KEYS.join(", ")
                ),
            );
        }
    }
    if let Some(service) = map.get("service") {
        match service.as_str() {
            Some(name) if is_name(name) => manifest.service = Some(name.to_owned()),
            _ => error("/x-sls/service", "`service` must be a name of lower-case letters, digits, `-` or `_`, starting with a letter".to_owned()),
        }
    }
    if let Some(platforms) = map.get("platforms") {
        match platforms.as_array() {
            Some(list) => {
                for (i, platform) in list.iter().enumerate() {
                    let at = format!("/x-sls/platforms/{i}");
                    match platform.as_str() {
                        Some(p) if PLATFORMS.contains(&p) => manifest.platforms.push(p.to_owned()),
                        _ => error(
                            &at,
                            format!(
                                "unknown platform; expected one of: {}",
                                PLATFORMS.join(", ")
                            ),
                        ),
                    }
                }
            }
            None => error("/x-sls/platforms", "`platforms` must be a list".to_owned()),
        }
    }
    if let Some(functions) = map.get("functions") {
        match functions.as_object() {
            Some(entries) => {
                let mut rust_names: Vec<(String, &str)> = Vec::new();
                for (name, entry) in entries {
                    let pointer = format!("/x-sls/functions/{}", escape_pointer_token(name));
                    if !is_name(name) {
                        error(&pointer, format!("function name `{name}` must be lower-case letters, digits, `-` or `_`, starting with a letter"));
                    }
                    // `my-fn` and `my_fn` would be one Rust item and one deployed artifact name.
                    let rust_name = name.replace('-', "_");
                    match rust_names.iter().find(|(other, _)| *other == rust_name) {
                        Some((_, first)) => error(
                            &pointer,
                            format!("function names `{first}` and `{name}` differ only in `-` and `_`; rename one"),
                        ),
                        None => rust_names.push((rust_name, name)),
                    }
                    let mut spec = FunctionSpec {
                        name: name.clone(),
                        pointer: pointer.clone(),
                        ..FunctionSpec::default()
                    };
                    let Some(fields) = entry.as_object() else {
                        error(&pointer, "a function must be a mapping".to_owned());
                        continue;
                    };
                    for (key, field) in fields {
                        let at = format!("{pointer}/{}", escape_pointer_token(key));
                        match key.as_str() {
                            "operations" => spec.operations = strings(field, &at, &mut error),
                            "tags" => spec.tags = strings(field, &at, &mut error),
                            "paths" => spec.paths = strings(field, &at, &mut error),
                            "memory" => spec.memory = positive(field, &at, &mut error),
                            "timeout" => spec.timeout = positive(field, &at, &mut error),
                            _ => error(
                                &at,
                                format!(
                                    "unknown function key `{key}`; expected one of: {}",
                                    FUNCTION_KEYS.join(", ")
                                ),
                            ),
                        }
                    }
                    manifest.functions.push(spec);
                }
            }
            None => error(
                "/x-sls/functions",
                "`functions` must be a mapping of function names".to_owned(),
            ),
        }
    }
    if let Some(events) = map.get("events") {
        manifest.events = events::read(events, &mut error);
    }
    manifest.http = http::read(doc, map, diags);
    manifest
}

fn is_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

fn strings(
    value: &Value,
    pointer: &str,
    error: &mut impl FnMut(&str, String),
) -> Vec<(String, String)> {
    let Some(list) = value.as_array() else {
        error(pointer, "expected a list of strings".to_owned());
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, item) in list.iter().enumerate() {
        let at = format!("{pointer}/{i}");
        match item.as_str() {
            Some(s) => out.push((s.to_owned(), at)),
            None => error(&at, "expected a string".to_owned()),
        }
    }
    out
}

fn positive(value: &Value, pointer: &str, error: &mut impl FnMut(&str, String)) -> Option<u32> {
    match value.as_u64().and_then(|n| u32::try_from(n).ok()) {
        Some(n) if n > 0 => Some(n),
        _ => {
            error(pointer, "expected a positive whole number".to_owned());
            None
        }
    }
}

/// Whether `path` matches a glob of `/`-separated segments where `*` matches one segment and a
/// final `**` matches any rest (including nothing).
pub fn path_matches(glob: &str, path: &str) -> bool {
    let mut pattern = glob.trim_start_matches('/').split('/');
    let mut segments = path.trim_start_matches('/').split('/');
    loop {
        match (pattern.next(), segments.next()) {
            (Some("**"), _) => return true,
            (Some(p), Some(s)) if p == "*" || p == s => {}
            (None, None) => return true,
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::path_matches;

    #[test]
    fn globs() {
        assert!(path_matches("/api/admin/**", "/api/admin/users/{id}"));
        assert!(path_matches("/api/admin/**", "/api/admin"));
        assert!(path_matches("/pet/*", "/pet/{petId}"));
        assert!(!path_matches("/pet/*", "/pet/{petId}/uploadImage"));
        assert!(!path_matches("/store", "/store/order"));
    }
}

#[cfg(test)]
mod name_tests {
    #[test]
    fn function_names_must_stay_distinct_in_rust() {
        let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: a\n      responses: {'200': {description: ok}}\n  /b:\n    get:\n      operationId: b\n      responses: {'200': {description: ok}}\nx-sls:\n  functions:\n    my-fn: {operations: [a]}\n    my_fn: {operations: [b]}\n";
        let Err(diagnostics) = crate::analyze_str("spec.yaml", spec) else {
            panic!("two functions that are one Rust name must be an error");
        };
        let text = diagnostics.to_string();
        assert!(
            text.contains("function names `my-fn` and `my_fn` differ only in `-` and `_`"),
            "{text}"
        );
        assert!(text.contains("spec.yaml:15:5"), "{text}");
    }

    #[test]
    fn an_operation_named_self_gets_camel_case_types() {
        let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: Self\n      responses: {'200': {description: ok}}\n";
        let analysis = match crate::analyze_str("spec.yaml", spec) {
            Ok(analysis) => analysis,
            Err(diagnostics) => panic!("{diagnostics}"),
        };
        assert_eq!(analysis.ir.operations[0].type_prefix, "Self");
    }
}
