//! `models` (serde types) and `schemas` (static validation schemas).

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{doc_attr, ident, rust_type, schema_ref, schema_static_name, schema_value, Scope};
use crate::ir::{Additional, Ir, Kind, Schema, TypeId, TypeKind};

/// Fields (type, field index) whose type leads back to their own struct without passing through
/// a `Vec` or a map; they are boxed so the types have a finite size.
pub(super) fn recursive_fields(ir: &Ir) -> BTreeSet<(usize, usize)> {
    let mut boxed = BTreeSet::new();
    for (index, def) in ir.types.defs.iter().enumerate() {
        if let TypeKind::Struct(s) = &def.kind {
            for (field_index, field) in s.fields.iter().enumerate() {
                if let Some(target) = direct_ref(&field.schema) {
                    if reaches(ir, target, TypeId(index), &mut BTreeSet::new()) {
                        boxed.insert((index, field_index));
                    }
                }
            }
        }
    }
    boxed
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
    match &ir.types.get(from).kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .filter_map(|f| direct_ref(&f.schema))
            .any(|next| reaches(ir, next, to, seen)),
        TypeKind::Alias(schema) => {
            direct_ref(schema).is_some_and(|next| reaches(ir, next, to, seen))
        }
        TypeKind::StringEnum(_) => false,
    }
}

pub(super) fn models(ir: &Ir, boxed: &BTreeSet<(usize, usize)>) -> TokenStream {
    let serde = quote!(::sls_runtime::__private::serde);
    let items = ir.types.defs.iter().enumerate().map(|(index, def)| {
        let name = ident(&def.name);
        let doc = doc_attr(def.doc.as_deref());
        let deprecated = if def.deprecated { quote!(#[deprecated]) } else { quote!() };
        match &def.kind {
            TypeKind::Struct(s) => {
                let mut field_names: Vec<&str> = s.fields.iter().map(|f| f.rust_name.as_str()).collect();
                let fields = s.fields.iter().enumerate().map(|(field_index, field)| {
                    let field_name = ident(&field.rust_name);
                    let mut ty = rust_type(ir, &field.schema, Scope::Models);
                    if boxed.contains(&(index, field_index)) {
                        ty = quote!(::std::boxed::Box<#ty>);
                    }
                    let json = &field.json_name;
                    let rename = if field.json_name != field.rust_name { quote!(rename = #json,) } else { quote!() };
                    let doc = doc_attr(field.doc.as_deref());
                    if field.required {
                        let attr = if field.json_name != field.rust_name { quote!(#[serde(rename = #json)]) } else { quote!() };
                        quote! { #doc #attr pub #field_name: #ty }
                    } else {
                        let ty = if field.schema.nullable { ty } else { quote!(::std::option::Option<#ty>) };
                        quote! {
                            #doc
                            #[serde(#rename default, skip_serializing_if = "::std::option::Option::is_none")]
                            pub #field_name: #ty
                        }
                    }
                });
                let fields: Vec<TokenStream> = fields.collect();
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
                    #doc
                    #deprecated
                    #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, #serde::Serialize, #serde::Deserialize)]
                    #[serde(crate = "::sls_runtime::__private::serde")]
                    pub struct #name {
                        #(#fields,)*
                        #extra
                    }
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
            TypeKind::Alias(schema) => {
                let ty = rust_type(ir, schema, Scope::Models);
                quote! { #doc #deprecated pub type #name = #ty; }
            }
        }
    });
    quote! {
        /// One type per schema of the spec.
        pub mod models {
            #(#items)*
        }
    }
}

/// The statics of the `schemas` module; regular expressions are collected into `patterns`.
pub(super) fn schema_statics(ir: &Ir, patterns: &mut Vec<String>) -> Vec<TokenStream> {
    let s = quote!(::sls_runtime::schema);
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
                        let required = field.required;
                        quote!(#s::Property { name: #json, schema: #schema, required: #required })
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
                    let min = super::option_tokens(st.min_properties);
                    let max = super::option_tokens(st.max_properties);
                    quote!(#s::Schema::Object(#s::ObjectRules { properties: &[#(#properties),*], additional: #additional, min_properties: #min, max_properties: #max }))
                }
                TypeKind::StringEnum(variants) => {
                    let values = variants.iter().map(|v| &v.value);
                    quote!(#s::Schema::String(#s::StringRules { enumeration: &[#(#values),*], ..#s::StringRules::NONE }))
                }
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

/// The `schemas` module: the statics plus one static per regular expression.
pub(super) fn schemas_module(statics: Vec<TokenStream>, patterns: &[String]) -> TokenStream {
    let s = quote!(::sls_runtime::schema);
    let pattern_statics = patterns.iter().enumerate().map(|(i, pattern)| {
        let name = format_ident!("PATTERN_{}", i);
        quote! { pub static #name: #s::Pattern = #s::Pattern::new(#pattern); }
    });
    quote! {
        /// Static validation schemas, one per model, read by the runtime's validator.
        pub mod schemas {
            #(#statics)*
            #(#pattern_statics)*
        }
    }
}
