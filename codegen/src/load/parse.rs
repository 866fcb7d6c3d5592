//! The span-keeping parser: YAML or JSON text → `serde_json::Value` plus a [`SpanIndex`] of where
//! each node starts, with the same limits whichever syntax the text is in.
//!
//! Two parsers build the same tree and the same index: [`super::yaml`] reads YAML 1.2 (and so
//! JSON) through `yaml-rust2`, and [`super::json`] reads JSON alone, many times faster. Which one
//! reads a file, and whose errors the user sees:
//!
//! - A file whose name ends in `.json` (in any case) is JSON: the JSON parser reads it, strictly
//!   (RFC 8259), and its errors are final. A trailing comma, a comment or a single-quoted string
//!   in a `.json` file is a syntax error, located where it is.
//! - Any other file is YAML. When its first character (after white space) is `{` or `[`, it is
//!   most likely JSON, so the JSON parser tries first; if it refuses the text for any reason, the
//!   YAML parser reads it again from the start and only the YAML parser's diagnostics are
//!   reported. A YAML flow document (`{openapi: 3.1.0, …}`, comments, trailing commas) therefore
//!   reads as YAML always has, and a broken one gets the YAML parser's errors.

use serde_json::Value;

use super::spans::SpanIndex;
use super::{json, yaml};
use crate::diagnostics::Diagnostics;

/// How deeply collections may nest. Real specs stay well under 50 levels.
pub const MAX_DEPTH: usize = 200;

/// How many nodes (scalars and collections) a document may hold once every alias is expanded.
pub const MAX_NODES: usize = 5_000_000;

/// The result of parsing: the tree, when there was one, and where its nodes are.
pub(crate) struct Parsed {
    /// The document's root; `None` for an empty stream or after an error that stopped parsing.
    pub root: Option<Value>,
    /// Positions of the nodes, in document order.
    pub spans: SpanIndex,
    /// False when an error stopped the parse (syntax, limits): the tree is then partial.
    pub complete: bool,
}

/// Which parser reads a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Syntax {
    /// Named `*.json`: JSON only.
    Json,
    /// YAML that looks like JSON: the JSON parser first, the YAML parser if it refuses.
    JsonThenYaml,
    /// YAML.
    Yaml,
}

impl Syntax {
    /// The syntax of the file named `file` whose text is `text` (see the module documentation).
    fn of(file: &str, text: &str) -> Self {
        let named_json = file
            .len()
            .checked_sub(".json".len())
            .and_then(|start| file.get(start..))
            .is_some_and(|extension| extension.eq_ignore_ascii_case(".json"));
        if named_json {
            return Syntax::Json;
        }
        let first = text
            .bytes()
            .find(|byte| !matches!(byte, b' ' | b'\t' | b'\n' | b'\r'));
        match first {
            Some(b'{' | b'[') => Syntax::JsonThenYaml,
            _ => Syntax::Yaml,
        }
    }
}

/// Parses `text`, reporting every problem into `diagnostics`, located in `file`.
///
/// Syntax errors, exhausted budgets and (in YAML) a second document stop the parse (the result is
/// then not `complete`); duplicate keys (the first one wins) and, in YAML, badly tagged scalars
/// and collections used as keys are reported and parsing goes on, so that one pass reports them
/// all.
pub(crate) fn parse(file: &str, text: &str, diagnostics: &mut Diagnostics) -> Parsed {
    match Syntax::of(file, text) {
        Syntax::Json => json::parse(file, text, diagnostics),
        Syntax::JsonThenYaml => {
            let mut found = Diagnostics::new();
            let parsed = json::parse(file, text, &mut found);
            if parsed.complete {
                diagnostics.extend(found);
                parsed
            } else {
                yaml::parse(file, text, diagnostics)
            }
        }
        Syntax::Yaml => yaml::parse(file, text, diagnostics),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_then_the_first_character_decide() {
        let cases = [
            ("spec.json", "openapi: 3.0.3", Syntax::Json),
            ("dir.d/SPEC.JSON", "", Syntax::Json),
            (
                "spec.yaml",
                "  \r\n\t{\"openapi\": \"3.0.3\"}",
                Syntax::JsonThenYaml,
            ),
            ("spec.yml", "[1]", Syntax::JsonThenYaml),
            ("spec", "{}", Syntax::JsonThenYaml),
            ("spec.yaml", "openapi: 3.0.3", Syntax::Yaml),
            ("spec.yaml", "# {comment}\n{}", Syntax::Yaml),
            ("spec.yaml", "", Syntax::Yaml),
            ("json", "a: 1", Syntax::Yaml),
            ("spec.jsonc", "{}", Syntax::JsonThenYaml),
            ("é.json", "{}", Syntax::Json),
        ];
        for (file, text, syntax) in cases {
            assert_eq!(Syntax::of(file, text), syntax, "{file}: {text:?}");
        }
    }

    #[test]
    fn a_yaml_flow_document_falls_back_to_the_yaml_parser() {
        let text = "{openapi: 3.0.3, paths: {}, } # flow YAML\n";
        let mut diagnostics = Diagnostics::new();
        let parsed = parse("spec.yaml", text, &mut diagnostics);
        assert!(parsed.complete && diagnostics.is_empty(), "{diagnostics}");
        let root = parsed.root.unwrap_or_default();
        assert_eq!(root, serde_json::json!({"openapi": "3.0.3", "paths": {}}));

        // The same text named `.json` is refused, at the first thing JSON does not allow.
        let parsed = parse("spec.json", text, &mut diagnostics);
        assert!(!parsed.complete);
        let errors: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].contains("spec.json:1:2"), "{errors:?}");
    }

    #[test]
    fn the_yaml_parser_reports_errors_of_json_looking_yaml() {
        // A duplicate key found by the JSON parser before it refuses the text is reported once,
        // by the YAML parser, along with the YAML parser's syntax error.
        let text = "{\"a\": 1, \"a\": 2, \"b\": ]}";
        let mut diagnostics = Diagnostics::new();
        let parsed = parse("spec.yaml", text, &mut diagnostics);
        assert!(!parsed.complete);
        let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].starts_with("duplicate key `a`"), "{messages:?}");
        assert!(messages[1].starts_with("syntax error: "), "{messages:?}");
    }
}
