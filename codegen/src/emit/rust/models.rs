//! `models` (serde types) and `schemas` (static validation schemas), written as text (see
//! [`super::text`]).

use std::collections::BTreeSet;

use serde_json::Value;

use super::text::{float, string, Code, Expr};
use super::validation::{pattern_name, schema_ref, schema_value};
use super::{type_text, Formatted, Scope};
use crate::ir::names::{self, Namer};
use crate::ir::{
    Additional, Field, Ir, Kind, Schema, StructDef, TypeDef, TypeId, TypeKind, UnionDef,
};

/// Children (type index, field or variant index) whose type leads back to their own type without
/// passing through a `Vec` or a map; they are boxed so the types have a finite size.
pub(super) fn recursive_children(ir: &Ir) -> BTreeSet<(usize, usize)> {
    let mut boxed = BTreeSet::new();
    for (index, def) in ir.types.defs.iter().enumerate() {
        for (child, schema) in children(def).into_iter().enumerate() {
            if let Some(target) = direct_ref(schema) {
                if reaches(ir, target, TypeId(index), &mut BTreeSet::new()) {
                    boxed.insert((index, child));
                }
            }
        }
    }
    boxed
}

/// The schemas a type embeds: struct fields or union variants, in order.
fn children(def: &TypeDef) -> Vec<&Schema> {
    match &def.kind {
        TypeKind::Struct(s) => s.fields.iter().map(|f| &f.schema).collect(),
        TypeKind::Union(u) => u.variants.iter().map(|v| &v.schema).collect(),
        TypeKind::Alias(schema) => vec![schema],
        TypeKind::StringEnum(_) => Vec::new(),
    }
}

/// The named type a schema embeds by value (not behind a `Vec` or map).
fn direct_ref(schema: &Schema) -> Option<TypeId> {
    match &schema.kind {
        Kind::Ref(id) => Some(*id),
        _ => None,
    }
}

fn reaches(ir: &Ir, from: TypeId, to: TypeId, seen: &mut BTreeSet<TypeId>) -> bool {
    if from == to {
        return true;
    }
    if !seen.insert(from) {
        return false;
    }
    children(ir.types.get(from))
        .into_iter()
        .filter_map(direct_ref)
        .any(|next| reaches(ir, next, to, seen))
}

/// The `models` module. Regular expressions met in union alternatives are collected into
/// `patterns`.
pub(super) fn models(
    ir: &Ir,
    boxed: &BTreeSet<(usize, usize)>,
    patterns: &mut Vec<String>,
) -> Formatted {
    let mut code = Code::at(4);
    let mut defaults = Code::at(8);
    let mut default_names = Namer::default();
    for (index, def) in ir.types.defs.iter().enumerate() {
        code.doc(def.doc.as_deref());
        if def.deprecated {
            code.line("#[deprecated]");
        }
        let is_boxed = |child: usize| boxed.contains(&(index, child));
        match &def.kind {
            TypeKind::Struct(s) => struct_item(
                &mut code,
                ir,
                def,
                s,
                &is_boxed,
                &mut defaults,
                &mut default_names,
            ),
            TypeKind::StringEnum(variants) => {
                let name = &def.name;
                derive(
                    &mut code,
                    &[
                        "::std::fmt::Debug",
                        "::std::clone::Clone",
                        "::std::marker::Copy",
                        "::std::cmp::PartialEq",
                        "::std::cmp::Eq",
                        "::std::hash::Hash",
                        SERIALIZE,
                        DESERIALIZE,
                    ],
                );
                code.line(SERDE_CRATE);
                code.open(&format!("pub enum {name} {{"));
                for v in variants {
                    code.line_fmt(format_args!("#[serde(rename = {})]", string(&v.value)));
                    code.line_fmt(format_args!("{},", v.rust_name));
                }
                code.close("}");
                code.open(&format!("impl {name} {{"));
                code.line("/// The value as written in the spec.");
                code.open("pub const fn as_str(self) -> &'static str {");
                code.open("match self {");
                for v in variants {
                    code.line_fmt(format_args!(
                        "Self::{} => {},",
                        v.rust_name,
                        string(&v.value)
                    ));
                }
                code.close("}");
                code.close("}");
                code.close("}");
                code.open(&format!("impl ::std::fmt::Display for {name} {{"));
                code.open(
                    "fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {",
                );
                code.line("f.write_str(self.as_str())");
                code.close("}");
                code.close("}");
            }
            TypeKind::Union(union) => union_item(&mut code, ir, def, union, &is_boxed, patterns),
            TypeKind::Alias(schema) => {
                let ty = type_text(ir, schema, Scope::Models);
                code.line_fmt(format_args!("pub type {} = {ty};", def.name));
            }
        }
    }
    let defaults = defaults.finish();
    if !defaults.is_empty() {
        code.line("/// Default values of properties that the spec gives a `default`.");
        code.open("mod defaults {");
        code.raw(&defaults);
        code.close("}");
    }
    Formatted {
        opening: Some("/// One type per schema of the spec.\npub mod models {\n".to_owned()),
        body: code.finish(),
    }
}

const SERIALIZE: &str = "::sls_runtime::__private::serde::Serialize";
const DESERIALIZE: &str = "::sls_runtime::__private::serde::Deserialize";
const SERDE_CRATE: &str = "#[serde(crate = \"::sls_runtime::__private::serde\")]";
const SERDE: &str = "::sls_runtime::__private::serde";
const UNION_ALIAS: &str = "use ::sls_runtime::__private::union as __u;";

/// `#[derive(...)]`, laid out to fit.
fn derive(code: &mut Code, traits: &[&str]) {
    let traits = traits.iter().map(|t| Expr::atom(*t)).collect();
    code.statement("", &Expr::call("#[derive", traits), "]");
}

/// `#[serde(...)]`, laid out to fit.
fn serde_attr(code: &mut Code, args: Vec<String>) {
    let args = args.into_iter().map(Expr::Atom).collect();
    code.statement("", &Expr::call("#[serde", args), "]");
}

fn struct_item(
    code: &mut Code,
    ir: &Ir,
    def: &TypeDef,
    s: &StructDef,
    is_boxed: &dyn Fn(usize) -> bool,
    defaults: &mut Code,
    default_names: &mut Namer,
) {
    derive(
        code,
        &[
            "::std::fmt::Debug",
            "::std::clone::Clone",
            "::std::cmp::PartialEq",
            SERIALIZE,
            DESERIALIZE,
        ],
    );
    code.line(SERDE_CRATE);
    code.open(&format!("pub struct {} {{", def.name));
    let mut field_names: Vec<&str> = s.fields.iter().map(|f| f.rust_name.as_str()).collect();
    for (field_index, field) in s.fields.iter().enumerate() {
        let mut ty = type_text(ir, &field.schema, Scope::Models);
        if is_boxed(field_index) {
            ty = format!("::std::boxed::Box<{ty}>");
        }
        field_doc(code, field);
        let mut args = Vec::new();
        if field.json_name != field.rust_name {
            args.push(format!("rename = {}", string(&field.json_name)));
        }
        let default_fn = field.default.as_ref().and_then(|value| {
            let body = default_expr(ir, &field.schema, value)?;
            let fn_name = default_names.unique(names::field_name(&format!(
                "{} {}",
                def.name, field.rust_name
            )));
            let fn_ty = type_text(ir, &field.schema, Scope::InModels);
            defaults.open(&format!("pub(super) fn {fn_name}() -> {fn_ty} {{"));
            defaults.line(&body);
            defaults.close("}");
            Some(format!("defaults::{fn_name}"))
        });
        if !field.required {
            match default_fn {
                Some(default_fn) => args.push(format!("default = {}", string(&default_fn))),
                None => {
                    args.push("default".to_owned());
                    args.push(
                        "skip_serializing_if = \"::std::option::Option::is_none\"".to_owned(),
                    );
                    if !field.schema.nullable {
                        ty = format!("::std::option::Option<{ty}>");
                    }
                }
            }
        }
        if !args.is_empty() {
            serde_attr(code, args);
        }
        code.line_fmt(format_args!("pub {}: {ty},", field.rust_name));
    }
    if let Additional::Schema(values) = &s.additional {
        let value = type_text(ir, values, Scope::Models);
        let mut extra_name = "additional_properties".to_owned();
        while field_names.contains(&extra_name.as_str()) {
            extra_name.push('_');
        }
        field_names.push("");
        code.line("/// Properties not declared in the schema.");
        code.line("#[serde(flatten)]");
        code.line_fmt(format_args!(
            "pub {extra_name}: ::std::collections::BTreeMap<::std::string::String, {value}>,"
        ));
    }
    code.close("}");
}

fn field_doc(code: &mut Code, field: &Field) {
    let mut text = field.doc.clone().unwrap_or_default();
    if field.deprecated {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str("Deprecated.");
    }
    code.doc(Some(&text));
}

/// The expression of a `default` (checked by the lowering to fit the field's type).
fn default_expr(ir: &Ir, schema: &Schema, value: &Value) -> Option<String> {
    Some(match (&schema.kind, value) {
        (Kind::Boolean, Value::Bool(b)) => b.to_string(),
        (Kind::Integer { .. }, Value::Number(n)) => n.as_i64()?.to_string(),
        (Kind::Number { .. }, Value::Number(n)) => float(n.as_f64()?),
        (Kind::String(_), Value::String(s)) => {
            format!("::std::string::String::from({})", string(s))
        }
        (Kind::Ref(id), Value::String(s)) => {
            let def = ir.types.get(*id);
            let TypeKind::StringEnum(variants) = &def.kind else {
                return None;
            };
            let variant = &variants.iter().find(|v| &v.value == s)?.rust_name;
            format!("super::{}::{variant}", def.name)
        }
        _ => return None,
    })
}

fn union_item(
    code: &mut Code,
    ir: &Ir,
    def: &TypeDef,
    union: &UnionDef,
    is_boxed: &dyn Fn(usize) -> bool,
    patterns: &mut Vec<String>,
) {
    let name = &def.name;
    derive(
        code,
        &[
            "::std::fmt::Debug",
            "::std::clone::Clone",
            "::std::cmp::PartialEq",
        ],
    );
    code.open(&format!("pub enum {name} {{"));
    for (i, v) in union.variants.iter().enumerate() {
        let mut ty = type_text(ir, &v.schema, Scope::Models);
        if is_boxed(i) {
            ty = format!("::std::boxed::Box<{ty}>");
        }
        if !v.tags.is_empty() {
            let tags: Vec<String> = v.tags.iter().map(|t| format!("`{t}`")).collect();
            code.line_fmt(format_args!(
                "/// Selected by `{}`: {}.",
                union.tag.as_deref().unwrap_or_default(),
                tags.join(", ")
            ));
        }
        code.line_fmt(format_args!("{}({ty}),", v.rust_name));
    }
    code.close("}");
    let wrap = |i: usize, variant: &str| {
        if is_boxed(i) {
            format!("|inner| Self::{variant}(::std::boxed::Box::new(inner))")
        } else {
            format!("Self::{variant}")
        }
    };

    code.open(&format!("impl {SERDE}::Serialize for {name} {{"));
    code.open(&format!("fn serialize<S: {SERDE}::Serializer>("));
    code.line("&self,");
    code.line("serializer: S,");
    code.close(") -> ::core::result::Result<S::Ok, S::Error> {");
    code.indent_more();
    code.line(UNION_ALIAS);
    code.open("match self {");
    for v in &union.variants {
        match (&union.tag, v.tags.first()) {
            (Some(property), Some(tag)) => code.line_fmt(format_args!(
                "Self::{}(inner) => __u::serialize_tagged(inner, {}, {}, serializer),",
                v.rust_name,
                string(property),
                string(tag)
            )),
            _ => code.line_fmt(format_args!(
                "Self::{}(inner) => __u::serialize(inner, serializer),",
                v.rust_name
            )),
        }
    }
    code.close("}");
    code.close("}");
    code.close("}");

    code.open(&format!(
        "impl<'de> {SERDE}::Deserialize<'de> for {name} {{"
    ));
    code.open(&format!("fn deserialize<D: {SERDE}::Deserializer<'de>>("));
    code.line("deserializer: D,");
    code.close(") -> ::core::result::Result<Self, D::Error> {");
    code.indent_more();
    code.line(UNION_ALIAS);
    code.line("let value = __u::value(deserializer)?;");
    match &union.tag {
        Some(property) => {
            code.line_fmt(format_args!(
                "let tag: ::std::string::String = __u::tag(&value, {})?;",
                string(property)
            ));
            code.open("match tag.as_str() {");
            for (i, v) in union.variants.iter().enumerate() {
                let tags: Vec<String> = v.tags.iter().map(|t| string(t)).collect();
                code.line_fmt(format_args!(
                    "{} => __u::from_value(value).map({}),",
                    tags.join(" | "),
                    wrap(i, &v.rust_name)
                ));
            }
            code.line_fmt(format_args!(
                "_ => ::core::result::Result::Err(__u::unknown_tag({}, &tag, {})),",
                string(property),
                string(name)
            ));
            code.close("}");
        }
        None => {
            // A static: its initializer may refer to other statics (the named schemas) at any
            // depth, which a promoted temporary may not.
            let schemas = union
                .variants
                .iter()
                .map(|v| schema_ref(ir, &v.schema, Scope::Sibling, patterns))
                .collect();
            code.statement(
                &format!(
                    "static ALTERNATIVES: [&::sls_runtime::schema::Schema; {}] = ",
                    union.variants.len()
                ),
                &Expr::array(schemas),
                ";",
            );
            code.open("match __u::select(&value, &ALTERNATIVES) {");
            for (i, v) in union.variants.iter().enumerate() {
                code.line_fmt(format_args!(
                    "::core::option::Option::Some({i}) => __u::from_value(value).map({}),",
                    wrap(i, &v.rust_name)
                ));
            }
            code.line_fmt(format_args!(
                "_ => ::core::result::Result::Err(__u::no_match({})),",
                string(name)
            ));
            code.close("}");
        }
    }
    code.close("}");
    code.close("}");
}

/// The `schemas` module: one static per model, named after it; regular expressions are collected
/// into `patterns`.
pub(super) fn schemas(ir: &Ir, patterns: &mut Vec<String>) -> Formatted {
    let mut code = Code::at(4);
    if !ir.types.defs.is_empty() {
        code.line("use ::sls_runtime::schema as __s;");
    }
    let s = "__s";
    for (index, def) in ir.types.defs.iter().enumerate() {
        let value = match &def.kind {
            TypeKind::Struct(st) => {
                let properties: Vec<Expr> = st
                    .fields
                    .iter()
                    .map(|field| {
                        let json = Expr::atom(string(&field.json_name));
                        let schema = schema_ref(ir, &field.schema, Scope::Models, patterns);
                        let which = if field.required {
                            "required"
                        } else {
                            "optional"
                        };
                        Expr::call(format_args!("{s}::Property::{which}"), vec![json, schema])
                    })
                    .collect();
                let properties = Expr::array(properties).borrow();
                if matches!(st.additional, Additional::Allow)
                    && st.min_properties.is_none()
                    && st.max_properties.is_none()
                {
                    Expr::call(format_args!("{s}::Schema::object"), vec![properties])
                } else {
                    let additional = match &st.additional {
                        Additional::Allow => Expr::atom(format!("{s}::Additional::Allow")),
                        Additional::Deny => Expr::atom(format!("{s}::Additional::Deny")),
                        Additional::Schema(values) => Expr::call(
                            format_args!("{s}::Additional::Schema"),
                            vec![schema_ref(ir, values, Scope::Models, patterns)],
                        ),
                    };
                    let rules = Expr::structure(
                        format_args!("{s}::ObjectRules"),
                        vec![
                            Expr::field("properties", properties),
                            Expr::field("additional", additional),
                            Expr::field("min_properties", option(st.min_properties)),
                            Expr::field("max_properties", option(st.max_properties)),
                        ],
                    );
                    Expr::call(format_args!("{s}::Schema::Object"), vec![rules])
                }
            }
            TypeKind::StringEnum(variants) => {
                let values = variants.iter().map(|v| Expr::atom(string(&v.value)));
                let rules = Expr::structure(
                    format_args!("{s}::StringRules"),
                    vec![
                        Expr::field("enumeration", Expr::array(values.collect()).borrow()),
                        Expr::atom(format!("..{s}::StringRules::NONE")),
                    ],
                );
                Expr::call(format_args!("{s}::Schema::String"), vec![rules])
            }
            TypeKind::Union(union) => match &union.tag {
                Some(property) => {
                    let mut entries = Vec::new();
                    for v in &union.variants {
                        let schema = schema_ref(ir, &v.schema, Scope::Models, patterns);
                        for tag in &v.tags {
                            entries.push(Expr::List {
                                open: "(".to_owned(),
                                items: vec![Expr::atom(string(tag)), schema.clone()],
                                close: ")",
                                spaced: false,
                            });
                        }
                    }
                    let rules = Expr::structure(
                        format_args!("{s}::TaggedRules"),
                        vec![
                            Expr::field("property", Expr::atom(string(property))),
                            Expr::field("variants", Expr::array(entries).borrow()),
                        ],
                    );
                    Expr::call(format_args!("{s}::Schema::Tagged"), vec![rules.borrow()])
                }
                None => {
                    let parts = union
                        .variants
                        .iter()
                        .map(|v| schema_ref(ir, &v.schema, Scope::Models, patterns))
                        .collect();
                    let which = if union.exclusive { "OneOf" } else { "AnyOf" };
                    Expr::call(
                        format_args!("{s}::Schema::{which}"),
                        vec![Expr::array(parts).borrow()],
                    )
                }
            },
            TypeKind::Alias(schema) => match schema.kind {
                // A static cannot be a copy of another static: refer to it instead.
                Kind::Ref(_) if !schema.nullable => {
                    let target = schema_ref(ir, schema, Scope::Models, patterns);
                    Expr::call(
                        format_args!("{s}::Schema::AllOf"),
                        vec![Expr::array(vec![target]).borrow()],
                    )
                }
                _ => schema_value(ir, schema, Scope::Models, patterns),
            },
        };
        let name = super::schema_static_name(ir, TypeId(index));
        code.line_fmt(format_args!(
            "/// Validation schema of [`super::models::{}`].",
            def.name
        ));
        code.statement(&format!("pub static {name}: {s}::Schema = "), &value, ";");
    }
    Formatted {
        opening: Some(
            "/// Static validation schemas, one per model and named after it, read by the runtime's\n\
             /// validator.\n\
             #[allow(non_upper_case_globals, clippy::needless_update)]\n\
             pub mod schemas {\n"
                .to_owned(),
        ),
        body: code.finish(),
    }
}

fn option(value: Option<usize>) -> Expr {
    Expr::atom(match value {
        Some(n) => format!("::core::option::Option::Some({n})"),
        None => "::core::option::Option::None".to_owned(),
    })
}

/// The `patterns` module: one static per regular expression, named after a hash of its text so
/// that every part of the module can refer to it independently.
pub(super) fn patterns_module(patterns: &[String]) -> Formatted {
    if patterns.is_empty() {
        return Formatted {
            opening: None,
            body: String::new(),
        };
    }
    let mut sorted: Vec<&String> = patterns.iter().collect();
    sorted.sort();
    let mut code = Code::at(4);
    for pattern in sorted {
        let name = pattern_name(pattern);
        code.statement(
            &format!("pub static {name}: ::sls_runtime::schema::Pattern = "),
            &Expr::call(
                "::sls_runtime::schema::Pattern::new",
                vec![Expr::atom(string(pattern))],
            ),
            ";",
        );
    }
    Formatted {
        opening: Some(
            "/// The regular expressions of the schemas, compiled on first use.\npub mod patterns {\n"
                .to_owned(),
        ),
        body: code.finish(),
    }
}
