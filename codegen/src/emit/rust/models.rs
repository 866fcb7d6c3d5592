//! `models` (serde types) and `schemas` (static validation schemas).

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::{doc_attr, ident, rust_type, schema_ref, schema_static_name, schema_value, Scope};
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
) -> TokenStream {
    let mut defaults = Vec::new();
    let mut default_names = Namer::default();
    let mut items = Vec::new();
    for (index, def) in ir.types.defs.iter().enumerate() {
        let name = ident(&def.name);
        let doc = doc_attr(def.doc.as_deref());
        let deprecated = if def.deprecated {
            quote!(#[deprecated])
        } else {
            quote!()
        };
        let is_boxed = |child: usize| boxed.contains(&(index, child));
        let item = match &def.kind {
            TypeKind::Struct(s) => {
                let body = struct_body(ir, def, s, &is_boxed, &mut defaults, &mut default_names);
                quote! {
                    #doc
                    #deprecated
                    #body
                }
            }
            TypeKind::StringEnum(variants) => {
                let arms = variants.iter().map(|v| {
                    let variant = ident(&v.rust_name);
                    let value = &v.value;
                    quote! { #[serde(rename = #value)] #variant }
                });
                let as_str = variants.iter().map(|v| {
                    let variant = ident(&v.rust_name);
                    let value = &v.value;
                    quote! { Self::#variant => #value }
                });
                let serde = serde();
                quote! {
                    #doc
                    #deprecated
                    #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::marker::Copy, ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::hash::Hash, #serde::Serialize, #serde::Deserialize)]
                    #[serde(crate = "::sls_runtime::__private::serde")]
                    pub enum #name {
                        #(#arms,)*
                    }

                    impl #name {
                        /// The value as written in the spec.
                        pub const fn as_str(self) -> &'static str {
                            match self {
                                #(#as_str,)*
                            }
                        }
                    }

                    impl ::std::fmt::Display for #name {
                        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                            f.write_str(self.as_str())
                        }
                    }
                }
            }
            TypeKind::Union(union) => {
                let body = union_body(ir, def, union, &is_boxed, patterns);
                quote! {
                    #doc
                    #deprecated
                    #body
                }
            }
            TypeKind::Alias(schema) => {
                let ty = rust_type(ir, schema, Scope::Models);
                quote! { #doc #deprecated pub type #name = #ty; }
            }
        };
        items.push(item);
    }
    let defaults = (!defaults.is_empty()).then(|| {
        quote! {
            /// Default values of properties that the spec gives a `default`.
            mod defaults {
                #(#defaults)*
            }
        }
    });
    quote! {
        /// One type per schema of the spec.
        pub mod models {
            #(#items)*
            #defaults
        }
    }
}

fn serde() -> TokenStream {
    quote!(::sls_runtime::__private::serde)
}

fn struct_body(
    ir: &Ir,
    def: &TypeDef,
    s: &StructDef,
    is_boxed: &dyn Fn(usize) -> bool,
    defaults: &mut Vec<TokenStream>,
    default_names: &mut Namer,
) -> TokenStream {
    let name = ident(&def.name);
    let serde = serde();
    let mut field_names: Vec<&str> = s.fields.iter().map(|f| f.rust_name.as_str()).collect();
    let mut fields = Vec::new();
    for (field_index, field) in s.fields.iter().enumerate() {
        let field_name = ident(&field.rust_name);
        let mut ty = rust_type(ir, &field.schema, Scope::Models);
        if is_boxed(field_index) {
            ty = quote!(::std::boxed::Box<#ty>);
        }
        let json = &field.json_name;
        let rename = if field.json_name != field.rust_name {
            quote!(rename = #json,)
        } else {
            quote!()
        };
        let doc = field_doc(field);
        let default_fn = field.default.as_ref().and_then(|value| {
            let body = default_expr(ir, &field.schema, value)?;
            let fn_name = default_names.unique(names::field_name(&format!(
                "{} {}",
                def.name, field.rust_name
            )));
            let fn_ident = ident(&fn_name);
            let fn_ty = rust_type(ir, &field.schema, Scope::InModels);
            defaults.push(quote! {
                pub(super) fn #fn_ident() -> #fn_ty { #body }
            });
            Some(format!("defaults::{fn_name}"))
        });
        let tokens = if field.required {
            let attr = if field.json_name != field.rust_name {
                quote!(#[serde(rename = #json)])
            } else {
                quote!()
            };
            quote! { #doc #attr pub #field_name: #ty }
        } else if let Some(default_fn) = default_fn {
            quote! {
                #doc
                #[serde(#rename default = #default_fn)]
                pub #field_name: #ty
            }
        } else {
            let ty = if field.schema.nullable {
                ty
            } else {
                quote!(::std::option::Option<#ty>)
            };
            quote! {
                #doc
                #[serde(#rename default, skip_serializing_if = "::std::option::Option::is_none")]
                pub #field_name: #ty
            }
        };
        fields.push(tokens);
    }
    let extra = match &s.additional {
        Additional::Schema(values) => {
            let value = rust_type(ir, values, Scope::Models);
            let mut extra_name = "additional_properties".to_owned();
            while field_names.contains(&extra_name.as_str()) {
                extra_name.push('_');
            }
            field_names.push("");
            let extra_ident = ident(&extra_name);
            quote! {
                /// Properties not declared in the schema.
                #[serde(flatten)]
                pub #extra_ident: ::std::collections::BTreeMap<::std::string::String, #value>,
            }
        }
        _ => quote!(),
    };
    quote! {
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, #serde::Serialize, #serde::Deserialize)]
        #[serde(crate = "::sls_runtime::__private::serde")]
        pub struct #name {
            #(#fields,)*
            #extra
        }
    }
}

fn field_doc(field: &Field) -> TokenStream {
    let mut text = field.doc.clone().unwrap_or_default();
    if field.deprecated {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str("Deprecated.");
    }
    doc_attr(Some(&text))
}

/// The expression of a `default` (checked by the lowering to fit the field's type).
fn default_expr(ir: &Ir, schema: &Schema, value: &Value) -> Option<TokenStream> {
    Some(match (&schema.kind, value) {
        (Kind::Boolean, Value::Bool(b)) => quote!(#b),
        (Kind::Integer { .. }, Value::Number(n)) => {
            let literal = proc_macro2::Literal::i64_unsuffixed(n.as_i64()?);
            quote!(#literal)
        }
        (Kind::Number { .. }, Value::Number(n)) => {
            let literal = proc_macro2::Literal::f64_unsuffixed(n.as_f64()?);
            quote!(#literal)
        }
        (Kind::String(_), Value::String(s)) => quote!(::std::string::String::from(#s)),
        (Kind::Ref(id), Value::String(s)) => {
            let def = ir.types.get(*id);
            let TypeKind::StringEnum(variants) = &def.kind else {
                return None;
            };
            let variant = ident(&variants.iter().find(|v| &v.value == s)?.rust_name);
            let ty = ident(&def.name);
            quote!(super::#ty::#variant)
        }
        _ => return None,
    })
}

fn union_body(
    ir: &Ir,
    def: &TypeDef,
    union: &UnionDef,
    is_boxed: &dyn Fn(usize) -> bool,
    patterns: &mut Vec<String>,
) -> TokenStream {
    let name = ident(&def.name);
    let serde = serde();
    let json = quote!(::sls_runtime::__private::serde_json);
    let private = quote!(::sls_runtime::__private::union);
    let custom = quote!(<D::Error as #serde::de::Error>::custom);
    let variants = union.variants.iter().enumerate().map(|(i, v)| {
        let variant = ident(&v.rust_name);
        let mut ty = rust_type(ir, &v.schema, Scope::Models);
        if is_boxed(i) {
            ty = quote!(::std::boxed::Box<#ty>);
        }
        let doc = if v.tags.is_empty() {
            quote!()
        } else {
            let text = format!(
                " Selected by `{}`: {}.",
                union.tag.as_deref().unwrap_or_default(),
                v.tags
                    .iter()
                    .map(|t| format!("`{t}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            quote!(#[doc = #text])
        };
        quote!(#doc #variant(#ty))
    });
    let wrap = |i: usize, variant: &proc_macro2::Ident| {
        if is_boxed(i) {
            quote!(|inner| Self::#variant(::std::boxed::Box::new(inner)))
        } else {
            quote!(Self::#variant)
        }
    };
    let serialize_arms = union.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        match (&union.tag, v.tags.first()) {
            (Some(property), Some(tag)) => quote! {
                Self::#variant(inner) => #private::serialize_tagged(inner, #property, #tag, serializer)
            },
            _ => quote! {
                Self::#variant(inner) => #serde::Serialize::serialize(inner, serializer)
            },
        }
    });
    let deserialize = match &union.tag {
        Some(property) => {
            let arms = union.variants.iter().enumerate().map(|(i, v)| {
                let variant = ident(&v.rust_name);
                let tags = &v.tags;
                let wrap = wrap(i, &variant);
                quote! {
                    #(#tags)|* => #json::from_value(value).map(#wrap).map_err(#custom)
                }
            });
            let unknown = format!("unknown `{property}` value `{{}}` for `{}`", def.name);
            quote! {
                let tag = #private::tag(&value, #property).map_err(#custom)?;
                match tag.as_str() {
                    #(#arms,)*
                    _ => ::core::result::Result::Err(#custom(::std::format!(#unknown, tag))),
                }
            }
        }
        None => {
            let schemas = union
                .variants
                .iter()
                .map(|v| schema_ref(ir, &v.schema, Scope::Sibling, patterns));
            let arms = union.variants.iter().enumerate().map(|(i, v)| {
                let variant = ident(&v.rust_name);
                let wrap = wrap(i, &variant);
                quote! {
                    ::core::option::Option::Some(#i) => #json::from_value(value).map(#wrap).map_err(#custom)
                }
            });
            let none = format!("matches none of the alternatives of `{}`", def.name);
            let count = union.variants.len();
            // A static: its initializer may refer to other statics (the named schemas) at any
            // depth, which a promoted temporary may not.
            quote! {
                static ALTERNATIVES: [&::sls_runtime::schema::Schema; #count] = [#(#schemas),*];
                match #private::select(&value, &ALTERNATIVES) {
                    #(#arms,)*
                    _ => ::core::result::Result::Err(#custom(#none)),
                }
            }
        }
    };
    quote! {
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq)]
        pub enum #name {
            #(#variants,)*
        }

        impl #serde::Serialize for #name {
            fn serialize<S: #serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms,)*
                }
            }
        }

        impl<'de> #serde::Deserialize<'de> for #name {
            fn deserialize<D: #serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                let value = <#json::Value as #serde::Deserialize>::deserialize(deserializer)?;
                #deserialize
            }
        }
    }
}

/// The statics of the `schemas` module; regular expressions are collected into `patterns`.
pub(super) fn schema_statics(ir: &Ir, patterns: &mut Vec<String>) -> Vec<TokenStream> {
    let s = quote!(__s);
    let statics: Vec<TokenStream> = ir
        .types
        .defs
        .iter()
        .enumerate()
        .map(|(index, def)| {
            let name = schema_static_name(ir, TypeId(index));
            let doc = format!(" Validation schema of [`super::models::{}`].", def.name);
            let value = match &def.kind {
                TypeKind::Struct(st) => {
                    let properties = st.fields.iter().map(|field| {
                        let json = &field.json_name;
                        let schema = schema_ref(ir, &field.schema, Scope::Models, patterns);
                        if field.required {
                            quote!(#s::Property::required(#json, #schema))
                        } else {
                            quote!(#s::Property::optional(#json, #schema))
                        }
                    });
                    let properties: Vec<TokenStream> = properties.collect();
                    let additional = match &st.additional {
                        Additional::Allow => quote!(#s::Additional::Allow),
                        Additional::Deny => quote!(#s::Additional::Deny),
                        Additional::Schema(values) => {
                            let values = schema_ref(ir, values, Scope::Models, patterns);
                            quote!(#s::Additional::Schema(#values))
                        }
                    };
                    if matches!(st.additional, Additional::Allow)
                        && st.min_properties.is_none()
                        && st.max_properties.is_none()
                    {
                        quote!(#s::Schema::object(&[#(#properties),*]))
                    } else {
                        let min = super::option_tokens(st.min_properties);
                        let max = super::option_tokens(st.max_properties);
                        quote!(#s::Schema::Object(#s::ObjectRules { properties: &[#(#properties),*], additional: #additional, min_properties: #min, max_properties: #max }))
                    }
                }
                TypeKind::StringEnum(variants) => {
                    let values = variants.iter().map(|v| &v.value);
                    quote!(#s::Schema::String(#s::StringRules { enumeration: &[#(#values),*], ..#s::StringRules::NONE }))
                }
                TypeKind::Union(union) => match &union.tag {
                    Some(property) => {
                        let entries = union.variants.iter().flat_map(|v| {
                            let schema = schema_ref(ir, &v.schema, Scope::Models, patterns);
                            v.tags
                                .iter()
                                .map(move |tag| quote!((#tag, #schema)))
                                .collect::<Vec<_>>()
                        });
                        let entries: Vec<TokenStream> = entries.collect();
                        quote!(#s::Schema::Tagged(&#s::TaggedRules { property: #property, variants: &[#(#entries),*] }))
                    }
                    None => {
                        let parts: Vec<TokenStream> = union
                            .variants
                            .iter()
                            .map(|v| schema_ref(ir, &v.schema, Scope::Models, patterns))
                            .collect();
                        if union.exclusive {
                            quote!(#s::Schema::OneOf(&[#(#parts),*]))
                        } else {
                            quote!(#s::Schema::AnyOf(&[#(#parts),*]))
                        }
                    }
                },
                TypeKind::Alias(schema) => match schema.kind {
                    // A static cannot be a copy of another static: refer to it instead.
                    Kind::Ref(_) if !schema.nullable => {
                        let target = schema_ref(ir, schema, Scope::Models, patterns);
                        quote!(#s::Schema::AllOf(&[#target]))
                    }
                    _ => schema_value(ir, schema, Scope::Models, patterns),
                },
            };
            quote! {
                #[doc = #doc]
                pub static #name: #s::Schema = #value;
            }
        })
        .collect();
    statics
}

/// The `schemas` module: one static per model, named after it.
pub(super) fn schemas_module(statics: Vec<TokenStream>) -> TokenStream {
    let alias = if statics.is_empty() {
        quote!()
    } else {
        super::validation::alias_declaration()
    };
    quote! {
        /// Static validation schemas, one per model and named after it, read by the runtime's
        /// validator.
        #[allow(non_upper_case_globals, clippy::needless_update)]
        pub mod schemas {
            #alias
            #(#statics)*
        }
    }
}

/// The `patterns` module: one static per regular expression, named after a hash of its text so
/// that every part of the module can refer to it independently.
pub(super) fn patterns_module(patterns: &[String]) -> TokenStream {
    if patterns.is_empty() {
        return quote!();
    }
    let mut sorted: Vec<&String> = patterns.iter().collect();
    sorted.sort();
    let statics = sorted.into_iter().map(|pattern| {
        let name = super::validation::pattern_name(pattern);
        quote! { pub static #name: ::sls_runtime::schema::Pattern = ::sls_runtime::schema::Pattern::new(#pattern); }
    });
    quote! {
        /// The regular expressions of the schemas, compiled on first use.
        pub mod patterns {
            #(#statics)*
        }
    }
}
