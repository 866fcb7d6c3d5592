//! TypeScript names: the type names of the module, kept clear of the runtime's and of the
//! globals it uses, and property keys quoted when they are not identifiers.

use crate::ir::names::Namer;
use crate::ir::{Ir, Kind, TypeKind};

/// Type names the module refers to: the runtime's own, and the globals it uses in type positions
/// (a schema named after one of them would shadow it). A schema of such a name is renamed;
/// globals used only as values (`Error`, `Date`, `Object`, `JSON`...) are not in the way.
const RESERVED: &[&str] = &[
    // The runtime's types.
    "ApiError",
    "BodyKind",
    "BodySpec",
    "CallOptions",
    "Client",
    "ClientOptions",
    "Credential",
    "EncodingSpec",
    "HeaderKind",
    "HeaderSpec",
    "MediaSpec",
    "OperationSpec",
    "Outcome",
    "Pairs",
    "ParamSpec",
    "Problem",
    "ProblemField",
    "ResponseSpec",
    "SchemeSpec",
    "ServerSentEvent",
    "Style",
    // Globals in type positions.
    "AbortSignal",
    "ArrayBuffer",
    "AsyncGenerator",
    "Blob",
    "BodyInit",
    "Headers",
    "Promise",
    "Record",
    "RequestCredentials",
    "RequestInit",
    "Response",
    "Uint8Array",
];

/// The names of the module's types.
pub(super) struct Names {
    namer: Namer,
    /// Per type of the IR: its name as read (responses), and as written (requests) when that
    /// differs because it has `readOnly`/`writeOnly` properties (or refers to such a type).
    types: Vec<(String, Option<String>)>,
}

impl Names {
    /// Names every type of `ir`, in the IR's order.
    pub(super) fn new(ir: &Ir) -> Self {
        let mut namer = Namer::with_reserved(RESERVED);
        let directed = directed(ir);
        // The schemas' own names first, so that a renamed one cannot take another's name.
        let mut own: Vec<Option<String>> = ir
            .types
            .defs
            .iter()
            .map(|def| {
                (!RESERVED.contains(&def.name.as_str())).then(|| namer.unique(def.name.clone()))
            })
            .collect();
        let mut types = Vec::with_capacity(ir.types.defs.len());
        for (def, own) in ir.types.defs.iter().zip(&mut own) {
            let name = own.take().unwrap_or_else(|| namer.unique(def.name.clone()));
            types.push((name, None));
        }
        for (index, def) in ir.types.defs.iter().enumerate() {
            if directed[index] {
                types[index].1 = Some(namer.unique(format!("{}Input", def.name)));
            }
        }
        Names { namer, types }
    }

    /// The name of type `index` as read in responses.
    pub(super) fn read(&self, index: usize) -> &str {
        &self.types[index].0
    }

    /// The name of type `index` as written in requests.
    pub(super) fn write(&self, index: usize) -> &str {
        self.types[index]
            .1
            .as_deref()
            .unwrap_or(&self.types[index].0)
    }

    /// Whether type `index` has a separate request form.
    pub(super) fn has_input(&self, index: usize) -> bool {
        self.types[index].1.is_some()
    }

    /// A fresh module-level type name based on `wanted`.
    pub(super) fn fresh(&mut self, wanted: String) -> String {
        self.namer.unique(wanted)
    }
}

/// Per type: whether it reads differently from how it is written: it has a `readOnly` or
/// `writeOnly` property, or refers to a type that does.
fn directed(ir: &Ir) -> Vec<bool> {
    let defs = &ir.types.defs;
    let mut directed: Vec<bool> = defs
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().any(|f| f.read_only || f.write_only),
            _ => false,
        })
        .collect();
    let refs: Vec<Vec<usize>> = defs
        .iter()
        .map(|def| {
            let mut refs = Vec::new();
            match &def.kind {
                TypeKind::Struct(s) => {
                    for field in &s.fields {
                        collect_refs(&field.schema.kind, &mut refs);
                    }
                    if let crate::ir::Additional::Schema(schema) = &s.additional {
                        collect_refs(&schema.kind, &mut refs);
                    }
                }
                TypeKind::Union(u) => {
                    for variant in &u.variants {
                        collect_refs(&variant.schema.kind, &mut refs);
                    }
                }
                TypeKind::Alias(schema) => collect_refs(&schema.kind, &mut refs),
                TypeKind::StringEnum(_) => {}
            }
            refs
        })
        .collect();
    let mut changed = true;
    while changed {
        changed = false;
        for index in 0..defs.len() {
            if !directed[index] && refs[index].iter().any(|&r| directed[r]) {
                directed[index] = true;
                changed = true;
            }
        }
    }
    directed
}

/// The types `kind` refers to, directly or through arrays, maps and `allOf`s.
fn collect_refs(kind: &Kind, out: &mut Vec<usize>) {
    match kind {
        Kind::Ref(id) => out.push(id.0),
        Kind::Array { items, .. } => collect_refs(&items.kind, out),
        Kind::Map(values) => collect_refs(&values.kind, out),
        Kind::AllOf(parts) => {
            for part in parts {
                collect_refs(&part.kind, out);
            }
        }
        _ => {}
    }
}

/// `name` as an object key: as is when it is an identifier, else a string literal.
pub(super) fn key(name: &str) -> String {
    let mut chars = name.chars();
    let identifier = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if identifier {
        name.to_owned()
    } else {
        super::string_literal(name)
    }
}

#[cfg(test)]
mod tests {
    use super::{key, Names};

    #[test]
    fn schemas_keep_their_names_unless_the_module_needs_them() {
        let spec = r###"
openapi: 3.0.3
info: { title: names, version: "1" }
paths: {}
components:
  schemas:
    Error: { type: object, properties: { message: { type: string } } }
    Date: { type: string }
    Object: { type: object }
    Response: { type: object }
    Problem: { type: object }
    Problem2: { type: string }
    Account:
      type: object
      properties:
        id: { type: string, readOnly: true }
        secret: { type: string, writeOnly: true }
    AccountInput: { type: string }
    Wrapper: { type: object, properties: { account: { $ref: "#/components/schemas/Account" } } }
"###;
        let analysis = crate::analyze_str("names.yaml", spec).expect("the spec analyzes");
        let ir = &analysis.ir;
        let names = Names::new(ir);
        let named: Vec<(&str, &str, &str)> = ir
            .types
            .defs
            .iter()
            .enumerate()
            .map(|(i, def)| (def.name.as_str(), names.read(i), names.write(i)))
            .collect();
        assert_eq!(
            named,
            [
                ("Error", "Error", "Error"),
                ("Date", "Date", "Date"),
                ("Object", "Object", "Object"),
                ("Response", "Response2", "Response2"),
                ("Problem", "Problem3", "Problem3"),
                ("Problem2", "Problem2", "Problem2"),
                ("Account", "Account", "AccountInput2"),
                ("AccountInput", "AccountInput", "AccountInput"),
                ("Wrapper", "Wrapper", "WrapperInput"),
            ]
        );
    }

    #[test]
    fn keys_are_quoted_when_needed() {
        assert_eq!(key("petId"), "petId");
        assert_eq!(key("delete"), "delete");
        assert_eq!(key("X-Rate-Limit"), "\"X-Rate-Limit\"");
        assert_eq!(key("2fa"), "\"2fa\"");
        assert_eq!(key(""), "\"\"");
    }
}
