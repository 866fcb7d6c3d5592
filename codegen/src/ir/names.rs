//! Rust names for spec names: valid, unique within their scope and stable.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield", "union",
];

/// Whether `name` is a Rust keyword (strict, reserved or weak enough to be unusable as a name).
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// Whether `name` is usable as-is as a Rust identifier.
pub fn is_ident(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first == '_' && name.len() > 1 || first.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
        && !is_keyword(name)
}

/// Replaces every character that cannot appear in an identifier by a word break.
fn words(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

fn fix_start(mut ident: String, prefix: &str) -> String {
    if ident.is_empty() {
        return prefix.to_owned();
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert_str(0, prefix);
    }
    if is_keyword(&ident) {
        ident.push('_');
    }
    ident
}

/// A PascalCase type or variant name (`pet-status` → `PetStatus`, `200` → `V200`).
pub fn type_name(name: &str) -> String {
    fix_start(words(name).to_upper_camel_case(), "V")
}

/// A snake_case field or function name (`petId` → `pet_id`, `type` → `type_`).
pub fn field_name(name: &str) -> String {
    fix_start(words(name).to_snake_case(), "f")
}

/// The identifier of an operation's marker type: the operationId itself when it is a valid
/// identifier (so users write `#[endpoint(addPet)]`), else a sanitized form.
pub fn operation_ident(operation_id: &str) -> String {
    if is_ident(operation_id) {
        operation_id.to_owned()
    } else {
        let mut ident = words(operation_id).to_upper_camel_case();
        if let Some(first) = ident.get(0..1) {
            let lower = first.to_ascii_lowercase();
            ident.replace_range(0..1, &lower);
        }
        fix_start(ident, "op")
    }
}

/// Hands out names that are unique within one scope: a taken name gets `2`, `3`, ... appended.
#[derive(Debug, Default)]
pub struct Namer {
    taken: BTreeSet<String>,
}

impl Namer {
    /// A scope in which `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Namer {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// Takes `wanted`, or the first free numbered form of it.
    pub fn unique(&mut self, wanted: String) -> String {
        if self.taken.insert(wanted.clone()) {
            return wanted;
        }
        let separator = if wanted.ends_with(|c: char| c.is_ascii_digit()) || wanted.contains('_') {
            "_"
        } else {
            ""
        };
        (2..)
            .map(|n| format!("{wanted}{separator}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .unwrap_or(wanted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(type_name("pet-status"), "PetStatus");
        assert_eq!(type_name("200"), "V200");
        assert_eq!(type_name("Self"), "Self_");
        assert_eq!(field_name("petId"), "pet_id");
        assert_eq!(field_name("type"), "type_");
        assert_eq!(field_name("X-Rate-Limit"), "x_rate_limit");
        assert_eq!(field_name("$ref"), "ref_");
        assert_eq!(operation_ident("addPet"), "addPet");
        assert_eq!(operation_ident("pets.get-by-id"), "petsGetById");
        assert_eq!(operation_ident("2fa"), "op2fa");
    }

    #[test]
    fn namer_numbers_collisions() {
        let mut namer = Namer::with_reserved(&["body"]);
        assert_eq!(namer.unique("body".into()), "body2");
        assert_eq!(namer.unique("pet_id".into()), "pet_id");
        assert_eq!(namer.unique("pet_id".into()), "pet_id_2");
    }
}
