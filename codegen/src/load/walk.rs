//! What a member of an OpenAPI mapping holds, judged from its key and its parent alone.
//!
//! The same key means different things in different places: `example` is literal data in a
//! schema but a property name inside `properties`; `$ref` is a reference in a schema but a
//! property named `$ref` inside `properties`; `x-foo` is an extension in an operation but a header
//! name inside `headers`. Walkers over the raw document ([`super::refs`], [`super::normalize`]) ask
//! [`member`] so that they agree on these rules.

use serde_json::Value;

/// What kind of mapping a value is, as far as its keys go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// The keys are keywords: a schema, an operation, a parameter, the document root, …
    Keywords,
    /// An Example object: keywords, but its `value` is literal data.
    Example,
    /// The keys are names chosen by the spec's author (`properties`, `paths`, `components.schemas`…).
    Names {
        /// Whether `x-` keys are extensions here (in `paths` and `responses`) rather than names.
        extensions: bool,
        /// Whether the named values are Example objects (in `examples`).
        examples: bool,
    },
}

/// What a member of a mapping holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Member {
    /// Not part of the OpenAPI model: an extension or literal data (examples, defaults, enums).
    Skip,
    /// A `$ref` keyword.
    Ref,
    /// A node to walk, with the role of its keys if it is a mapping.
    Node(Role),
}

/// Keywords whose value maps author-chosen names to objects.
const NAME_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
    "webhooks",
    "content",
    "headers",
    "encoding",
    "callbacks",
    "links",
    "variables",
    "mapping",
    "scopes",
];

/// Keywords whose value is literal data that may look like anything, `$ref` included.
const LITERALS: &[&str] = &["example", "default", "enum", "const"];

/// What the member `key: value` of a mapping with role `parent` holds. `in_components` says that
/// the mapping is the document's `components` object, all of whose members are name maps.
pub(crate) fn member(parent: Role, in_components: bool, key: &str, value: &Value) -> Member {
    match parent {
        Role::Names {
            extensions,
            examples,
        } => {
            if extensions && key.starts_with("x-") {
                Member::Skip
            } else if examples {
                Member::Node(Role::Example)
            } else {
                Member::Node(Role::Keywords)
            }
        }
        Role::Keywords | Role::Example => {
            if key.starts_with("x-")
                || LITERALS.contains(&key)
                || (parent == Role::Example && key == "value")
                || (key == "examples" && value.is_array())
            {
                Member::Skip
            } else if key == "$ref" {
                Member::Ref
            } else if key == "examples" {
                Member::Node(Role::Names {
                    extensions: false,
                    examples: true,
                })
            } else if in_components || NAME_MAPS.contains(&key) {
                Member::Node(Role::Names {
                    extensions: false,
                    examples: false,
                })
            } else if key == "paths" || key == "responses" {
                Member::Node(Role::Names {
                    extensions: true,
                    examples: false,
                })
            } else {
                Member::Node(Role::Keywords)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const NAMES: Role = Role::Names {
        extensions: false,
        examples: false,
    };

    #[test]
    fn same_key_different_meaning() {
        let object = json!({});
        assert_eq!(
            member(Role::Keywords, false, "$ref", &json!("#/a")),
            Member::Ref
        );
        assert_eq!(
            member(NAMES, false, "$ref", &object),
            Member::Node(Role::Keywords)
        );
        assert_eq!(
            member(Role::Keywords, false, "example", &object),
            Member::Skip
        );
        assert_eq!(
            member(NAMES, false, "example", &object),
            Member::Node(Role::Keywords)
        );
        assert_eq!(
            member(Role::Keywords, false, "x-foo", &object),
            Member::Skip
        );
        assert_eq!(
            member(NAMES, false, "x-rate-limit", &object),
            Member::Node(Role::Keywords)
        );
        let paths = Role::Names {
            extensions: true,
            examples: false,
        };
        assert_eq!(member(paths, false, "x-internal", &object), Member::Skip);
        assert_eq!(
            member(Role::Keywords, false, "examples", &json!([1])),
            Member::Skip
        );
        let examples = member(Role::Keywords, false, "examples", &object);
        assert_eq!(
            examples,
            Member::Node(Role::Names {
                extensions: false,
                examples: true
            })
        );
        assert_eq!(member(Role::Example, false, "value", &object), Member::Skip);
        assert_eq!(
            member(Role::Keywords, false, "value", &object),
            Member::Node(Role::Keywords)
        );
        assert_eq!(
            member(Role::Keywords, true, "schemas", &object),
            Member::Node(NAMES)
        );
    }
}
