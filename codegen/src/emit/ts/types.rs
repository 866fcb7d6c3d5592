//! A TypeScript type per schema: interfaces for objects, literal unions for enums, unions for
//! `oneOf`/`anyOf` (discriminated by the tag when the spec names one), `| null` for nullable.
//!
//! A type with `readOnly` or `writeOnly` properties (or one that refers to such a type) is
//! written twice: `Pet`, as responses carry it (no `writeOnly` properties), and `PetInput`, as
//! requests carry it (no `readOnly` properties).

use super::names::{key, Names};
use super::{doc_comment, doc_lines, string_literal};
use crate::ir::{Additional, Ir, Kind, Schema, StringFormat, TypeDef, TypeKind};

/// Which way a value travels: it decides `readOnly`/`writeOnly` properties and defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Dir {
    /// In a response: `readOnly` properties are there, `writeOnly` ones are not, and a property
    /// with a default is always present.
    Read,
    /// In a request.
    Write,
}

/// Writes every type of the IR.
pub(super) fn write(ir: &Ir, names: &mut Names, out: &mut String) {
    if ir.types.defs.is_empty() {
        return;
    }
    out.push_str("\n// ---- Types ----\n");
    for (index, def) in ir.types.defs.iter().enumerate() {
        out.push('\n');
        write_def(ir, names, def, index, Dir::Read, out);
        if names.has_input(index) {
            out.push('\n');
            write_def(ir, names, def, index, Dir::Write, out);
        }
    }
}

/// The payload of each webhook the API sends (3.1 `webhooks`), by its name: a receiver's types.
pub(super) fn write_webhooks(ir: &Ir, names: &mut Names, out: &mut String) {
    let with_payload: Vec<_> = ir.webhooks.iter().filter(|w| w.payload.is_some()).collect();
    if with_payload.is_empty() {
        return;
    }
    let name = names.fresh("Webhooks".to_owned());
    out.push_str("\n// ---- Webhooks ----\n\n");
    doc_comment(
        out,
        "",
        &[format!(
            "The payloads of the webhooks the API sends, by webhook name: `{name}[\"{}\"]`.",
            with_payload[0].name.replace('`', "'")
        )],
    );
    out.push_str(&format!("export interface {name} {{\n"));
    for webhook in with_payload {
        let Some(payload) = &webhook.payload else {
            continue;
        };
        let sent = format!("Sent as `{}`.", webhook.method.as_str());
        doc_comment(
            out,
            "  ",
            &doc_lines(&[webhook.doc.as_deref(), Some(&sent)], false),
        );
        out.push_str(&format!(
            "  {}: {};\n",
            key(&webhook.name),
            ts_type(ir, names, payload, Dir::Read)
        ));
    }
    out.push_str("}\n");
}

fn write_def(ir: &Ir, names: &Names, def: &TypeDef, index: usize, dir: Dir, out: &mut String) {
    let name = match dir {
        Dir::Read => names.read(index),
        Dir::Write => names.write(index),
    };
    let mut lines = doc_lines(&[def.doc.as_deref()], def.deprecated);
    if names.has_input(index) {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(match dir {
            Dir::Read => format!(
                "As responses carry it; requests send `{}`.",
                names.write(index)
            ),
            Dir::Write => format!(
                "As requests send it; responses carry `{}`.",
                names.read(index)
            ),
        });
    }
    doc_comment(out, "", &lines);
    match &def.kind {
        TypeKind::Struct(s) => {
            out.push_str(&format!("export interface {name} {{\n"));
            let mut values = Vec::new();
            let mut optional = false;
            for field in &s.fields {
                if (dir == Dir::Read && field.write_only) || (dir == Dir::Write && field.read_only)
                {
                    continue;
                }
                let required = field.required || (dir == Dir::Read && field.default.is_some());
                let ty = ts_type(ir, names, &field.schema, dir);
                doc_comment(
                    out,
                    "  ",
                    &doc_lines(
                        &[field.doc.as_deref(), format_note(&field.schema).as_deref()],
                        field.deprecated,
                    ),
                );
                let mark = if required { "" } else { "?" };
                out.push_str(&format!("  {}{mark}: {ty};\n", key(&field.json_name)));
                optional |= !required;
                values.push(ty);
            }
            if let Additional::Schema(schema) = &s.additional {
                // An index signature must admit every declared property's type.
                let mut all = vec![ts_type(ir, names, schema, dir)];
                for ty in values {
                    if !all.contains(&ty) {
                        all.push(ty);
                    }
                }
                if optional {
                    all.push("undefined".to_owned());
                }
                out.push_str(&format!("  [key: string]: {};\n", all.join(" | ")));
            }
            out.push_str("}\n");
        }
        TypeKind::StringEnum(variants) => {
            let members: Vec<String> = variants.iter().map(|v| string_literal(&v.value)).collect();
            write_alias(out, name, &members);
        }
        TypeKind::Union(u) => {
            let mut members: Vec<String> = Vec::new();
            for variant in &u.variants {
                let ty = ts_type(ir, names, &variant.schema, dir);
                let member = match &u.tag {
                    Some(tag) if !variant.tags.is_empty() => {
                        let tags: Vec<String> =
                            variant.tags.iter().map(|t| string_literal(t)).collect();
                        format!("({} & {{ {}: {} }})", ty, key(tag), tags.join(" | "))
                    }
                    _ => ty,
                };
                if !members.contains(&member) {
                    members.push(member);
                }
            }
            write_alias(out, name, &members);
        }
        TypeKind::Alias(schema) => {
            let ty = ts_type(ir, names, schema, dir);
            out.push_str(&format!("export type {name} = {ty};\n"));
        }
    }
}

/// `export type name = a | b;`, one member per line when it does not fit on one.
pub(super) fn write_alias(out: &mut String, name: &str, members: &[String]) {
    let members = if members.is_empty() {
        vec!["never".to_owned()]
    } else {
        members.to_vec()
    };
    let one = format!("export type {name} = {};", members.join(" | "));
    if one.len() <= 100 {
        out.push_str(&one);
        out.push('\n');
    } else {
        out.push_str(&format!("export type {name} =\n"));
        let last = members.len() - 1;
        for (i, member) in members.iter().enumerate() {
            let end = if i == last { ";" } else { "" };
            out.push_str(&format!("  | {member}{end}\n"));
        }
    }
}

/// The TypeScript type of a value of `schema` travelling in `dir`.
pub(super) fn ts_type(ir: &Ir, names: &Names, schema: &Schema, dir: Dir) -> String {
    let ty = kind_type(ir, names, &schema.kind, dir);
    if schema.nullable && ty != "unknown" && ty != "null" {
        format!("{ty} | null")
    } else {
        ty
    }
}

fn kind_type(ir: &Ir, names: &Names, kind: &Kind, dir: Dir) -> String {
    match kind {
        Kind::Any => "unknown".to_owned(),
        Kind::Boolean => "boolean".to_owned(),
        Kind::Integer { .. } | Kind::Number { .. } => "number".to_owned(),
        Kind::String(_) | Kind::Binary => "string".to_owned(),
        Kind::Array { items, .. } => array_of(&ts_type(ir, names, items, dir)),
        Kind::Map(values) => format!("Record<string, {}>", ts_type(ir, names, values, dir)),
        Kind::Enum(values) => {
            let mut members: Vec<String> = Vec::new();
            for value in values {
                let literal = value.to_string();
                if !members.contains(&literal) {
                    members.push(literal);
                }
            }
            if members.is_empty() {
                "never".to_owned()
            } else {
                members.join(" | ")
            }
        }
        Kind::AllOf(parts) => {
            let parts: Vec<String> = parts
                .iter()
                .map(|part| parenthesized(ts_type(ir, names, part, dir)))
                .collect();
            if parts.is_empty() {
                "unknown".to_owned()
            } else {
                parts.join(" & ")
            }
        }
        Kind::Ref(id) => match dir {
            Dir::Read => names.read(id.0).to_owned(),
            Dir::Write => names.write(id.0).to_owned(),
        },
    }
}

/// Whether the parameter styles carry values of `schema` as OpenAPI defines them (as the
/// server's runtime decides it): a scalar (a union of scalars included), an array of scalars, or
/// an object whose properties are those. Other values travel in bracket notation (query, cookie)
/// or as JSON text (path, header).
pub(super) fn is_flat(ir: &Ir, schema: &Schema) -> bool {
    match object_members(ir, schema, 0) {
        Some(members) => members.iter().all(|member| is_flat_member(ir, member)),
        None => is_flat_member(ir, schema),
    }
}

/// A scalar or an array of scalars.
fn is_flat_member(ir: &Ir, schema: &Schema) -> bool {
    match resolve(ir, &schema.kind, 0) {
        Some(Kind::Array { items, .. }) => is_scalar(ir, items, 0),
        _ => object_members(ir, schema, 0).is_none() && is_scalar(ir, schema, 0),
    }
}

/// How deep references are followed (a guard against alias cycles).
const DEPTH: usize = 32;

/// `kind` with aliases followed.
fn resolve<'a>(ir: &'a Ir, kind: &'a Kind, depth: usize) -> Option<&'a Kind> {
    match kind {
        Kind::Ref(id) if depth < DEPTH => match &ir.types.get(*id).kind {
            TypeKind::Alias(inner) => resolve(ir, &inner.kind, depth + 1),
            _ => Some(kind),
        },
        Kind::Ref(_) => None,
        _ => Some(kind),
    }
}

/// The schemas of an object's properties and additional properties, when `schema` is an object
/// (a struct, a map, or an `allOf` with an object member).
fn object_members<'a>(ir: &'a Ir, schema: &'a Schema, depth: usize) -> Option<Vec<&'a Schema>> {
    if depth > DEPTH {
        return None;
    }
    match resolve(ir, &schema.kind, depth)? {
        Kind::Map(values) => Some(vec![values]),
        Kind::Ref(id) => match &ir.types.get(*id).kind {
            TypeKind::Struct(s) => {
                let mut members: Vec<&Schema> = s.fields.iter().map(|f| &f.schema).collect();
                if let Additional::Schema(values) = &s.additional {
                    members.push(values);
                }
                Some(members)
            }
            _ => None,
        },
        Kind::AllOf(parts) => {
            let found: Vec<Vec<&Schema>> = parts
                .iter()
                .filter_map(|part| object_members(ir, part, depth + 1))
                .collect();
            (!found.is_empty()).then(|| found.into_iter().flatten().collect())
        }
        _ => None,
    }
}

/// One value: not an array or an object, and, for a union, only such alternatives.
fn is_scalar(ir: &Ir, schema: &Schema, depth: usize) -> bool {
    if depth > DEPTH {
        return false;
    }
    match resolve(ir, &schema.kind, depth) {
        None | Some(Kind::Array { .. } | Kind::Map(_)) => false,
        Some(Kind::AllOf(parts)) => {
            object_members(ir, schema, depth).is_none()
                && parts.iter().all(|p| is_scalar(ir, p, depth + 1))
        }
        Some(Kind::Ref(id)) => match &ir.types.get(*id).kind {
            TypeKind::Struct(_) => false,
            TypeKind::Union(u) => {
                u.tag.is_none()
                    && u.variants
                        .iter()
                        .all(|v| is_scalar(ir, &v.schema, depth + 1))
            }
            TypeKind::StringEnum(_) | TypeKind::Alias(_) => true,
        },
        Some(_) => true,
    }
}

/// What the TypeScript type does not say about a string of `schema`: its format.
pub(super) fn format_note(schema: &Schema) -> Option<String> {
    let format = match &schema.kind {
        Kind::String(rules) => match rules.format? {
            StringFormat::DateTime => "`date-time` (RFC 3339)",
            StringFormat::Date => "`date` (RFC 3339 full-date)",
            StringFormat::Uuid => "`uuid`",
            StringFormat::Email => "`email`",
            StringFormat::Ipv4 => "`ipv4`",
            StringFormat::Ipv6 => "`ipv6`",
            StringFormat::Uri => "`uri`",
            StringFormat::Byte => "`byte` (base64)",
        },
        _ => return None,
    };
    Some(format!("Format: {format}."))
}

/// `T[]`, with `T` parenthesized when it is a union or an intersection.
pub(super) fn array_of(item: &str) -> String {
    format!("{}[]", parenthesized(item.to_owned()))
}

/// `ty` in parentheses when it has a top-level `|` or `&`.
fn parenthesized(ty: String) -> String {
    if has_top_level_operator(&ty) {
        format!("({ty})")
    } else {
        ty
    }
}

fn has_top_level_operator(ty: &str) -> bool {
    let mut depth = 0i32;
    let mut in_string = false;
    let mut escaped = false;
    for c in ty.chars() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '(' | '[' | '{' | '<' => depth += 1,
            ')' | ']' | '}' | '>' => depth -= 1,
            '|' | '&' if depth == 0 => return true,
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::{array_of, is_flat};

    #[test]
    fn flat_parameters_are_those_the_runtime_reads_in_their_style() {
        let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/io.yaml");
        let analysis = crate::analyze(&spec).expect("io.yaml analyzes");
        let ir = &analysis.ir;
        let mut flat = Vec::new();
        let mut deep = Vec::new();
        for op in &ir.operations {
            for param in &op.params {
                let name = format!("{}.{}", op.id, param.name);
                if is_flat(ir, &param.schema) {
                    flat.push(name);
                } else {
                    deep.push(name);
                }
            }
        }
        assert_eq!(
            deep,
            [
                "queryBrackets.created",
                "queryBrackets.cwes",
                "queryBrackets.lines",
                "queryBrackets.filter",
                "jsonText.lines",
                "jsonText.X-Cwes",
            ]
        );
        for name in [
            "pathSimple.ids",
            "pathSimple.color",
            "queryForm.tags",
            "queryDeep.filter",
            "queryFree.counts",
            "headers.X-Meta",
            "cookies.prefs",
        ] {
            assert!(flat.iter().any(|f| f == name), "{name} is flat: {flat:?}");
        }
    }

    #[test]
    fn arrays_of_unions_are_parenthesized() {
        assert_eq!(array_of("string"), "string[]");
        assert_eq!(array_of("string | null"), "(string | null)[]");
        assert_eq!(array_of("Record<string, a | b>"), "Record<string, a | b>[]");
        assert_eq!(array_of("\"a|b\""), "\"a|b\"[]");
        assert_eq!(array_of("(A & { t: \"x\" })"), "(A & { t: \"x\" })[]");
    }
}
